import { ComingSoon } from '@/components/coming-soon';

export default function StudioPage() {
  return <ComingSoon title="Studio" what="The prompt box, the mood slider and a live preview of the shot plan arrive with the strategy engine." />;
}
