import { ComingSoon } from '@/components/coming-soon';

export default function JobsPage() {
  return <ComingSoon title="Jobs" what="A live dashboard of renders and transcriptions arrives with video jobs." />;
}
