import { ComingSoon } from '@/components/coming-soon';

export default function LibraryPage() {
  return <ComingSoon title="Library" what="Your generated and uploaded media with range-request playback arrives with video jobs." />;
}
