import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

// A real S3 server for tests: Ceph's radosgw from Debian (`apt-get install radosgw ceph-mon
// ceph-osd`) on one monitor and one in-memory OSD, booted in a temp folder on free loopback
// ports. Real SigV4 checks, real ranges and multipart, unlike the npm S3 emulators (s3rver checks
// no signature and gets suffix ranges wrong). Every daemon is stopped by its PID and the folder removed.

const run = promisify(execFile);
const BINARIES = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'monmaptool', 'ceph-authtool', 'ceph'];
const BOOT_TIMEOUT_MS = 90_000;

export interface S3TestServer {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Daemon PIDs, for a test that wants to check they are gone. */
  pids: number[];
  stop(): Promise<void>;
}

/** Why the server cannot be booted here (a binary is missing), or null when it can. */
export function s3ServerUnavailable(): string | null {
  const missing = BINARIES.filter((bin) => spawnSync('which', [bin], { stdio: 'ignore' }).status !== 0);
  return missing.length ? `radosgw is not installed (missing ${missing.join(', ')}; Debian: apt-get install radosgw ceph-mon ceph-osd)` : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function cephConf(dir: string, fsid: string, mon: string, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = ${mon}
mon initial members = a
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
# Without these two, rgw loops on "get_initial_auth_request returned -13" with auth off.
ms mon client mode = crc
ms client mode = crc
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 2147483648
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
pid file = ${dir}/run/$name.pid
log file = ${dir}/log/$name.log
keyring = ${dir}/keyring
mon data = ${dir}/mon/$cluster-$id
osd data = ${dir}/osd/$cluster-$id
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
`;
}

async function waitForHttp(url: string, deadline: number, daemons: ChildProcess[]): Promise<void> {
  while (Date.now() < deadline) {
    const dead = daemons.find((d) => d.exitCode !== null || d.signalCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode}) while the S3 server was booting`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`radosgw did not answer at ${url} within ${BOOT_TIMEOUT_MS / 1000} s`);
}

async function stopAll(daemons: ChildProcess[]): Promise<void> {
  // Reverse order: the gateway first, the monitor last, so none waits on one already gone.
  for (const daemon of [...daemons].reverse()) {
    if (daemon.exitCode !== null || daemon.signalCode !== null) continue;
    const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
    daemon.kill('SIGTERM');
    const killer = setTimeout(() => daemon.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }
}

/** Boots mon, osd and rgw, creates a user with fresh keys and an empty bucket. */
export async function startS3Server(): Promise<S3TestServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-rgw-'));
  const daemons: ChildProcess[] = [];
  try {
    for (const sub of ['run', 'log', 'mon', 'osd', 'rgw']) await fs.mkdir(path.join(dir, sub));
    const [v2, v1, rgwPort] = [await freePort(), await freePort(), await freePort()];
    const fsid = randomUUID();
    const mon = `[v2:127.0.0.1:${v2},v1:127.0.0.1:${v1}]`;
    const conf = path.join(dir, 'ceph.conf');
    await fs.writeFile(conf, cephConf(dir, fsid, mon, rgwPort));
    const c = ['-c', conf];
    const daemon = (bin: string, args: string[]) => {
      const child = spawn(bin, [...c, ...args, '-f'], { stdio: 'ignore' });
      daemons.push(child);
      return child;
    };

    await run('ceph-authtool', ['--create-keyring', path.join(dir, 'keyring'), '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
    await run('monmaptool', ['--create', '--addv', 'a', mon, '--fsid', fsid, path.join(dir, 'monmap')]);
    await run('ceph-mon', [...c, '--mkfs', '-i', 'a', '--monmap', path.join(dir, 'monmap'), '--keyring', path.join(dir, 'keyring')]);
    daemon('ceph-mon', ['-i', 'a']);
    const osdUuid = randomUUID();
    const { stdout: osdId } = await run('ceph', [...c, '--connect-timeout', '30', 'osd', 'new', osdUuid]);
    // MemStore writes its fsid into the data folder, which it does not create.
    await fs.mkdir(path.join(dir, 'osd', `ceph-${osdId.trim()}`));
    await run('ceph-osd', [...c, '-i', osdId.trim(), '--mkfs', '--osd-uuid', osdUuid]);
    daemon('ceph-osd', ['-i', osdId.trim()]);
    daemon('radosgw', ['-n', 'client.rgw.a']);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitForHttp(endpoint, Date.now() + BOOT_TIMEOUT_MS, daemons);

    const accessKeyId = `CM${randomBytes(8).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(24).toString('base64url');
    await run('radosgw-admin', [...c, '-n', 'client.rgw.a', 'user', 'create', '--uid=cinemood', '--display-name=cinemood', `--access-key=${accessKeyId}`, `--secret=${secretAccessKey}`]);
    const bucket = 'cinemood-test';
    const region = 'us-east-1';
    const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    client.destroy();

    return {
      endpoint,
      region,
      bucket,
      accessKeyId,
      secretAccessKey,
      pids: daemons.map((d) => d.pid ?? 0),
      async stop() {
        await stopAll(daemons);
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll(daemons);
    const log = await fs.readFile(path.join(dir, 'log', 'client.rgw.a.log'), 'utf8').catch(() => '');
    await fs.rm(dir, { recursive: true, force: true });
    throw new Error(`the radosgw test server did not start: ${(err as Error).message}${log ? `\nlast rgw log lines:\n${log.split('\n').slice(-15).join('\n')}` : ''}`);
  }
}
