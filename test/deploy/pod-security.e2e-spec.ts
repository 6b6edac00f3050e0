import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  argsOf,
  copiesOf,
  envOf,
  execForm,
  readDockerfile,
  runtimeStage,
} from './support/dockerfile';
import { allContainers, effective, workloads } from './support/manifests';

const IMAGE_UID = 10001;
const IMAGE_GID = 10001;
const RUNTIME_SOURCES = new Set(['package.json', 'node_modules', 'dist', 'bin', 'config']);

describe('deploy/k8s: the restricted Pod Security profile', () => {
  const all = workloads();
  const cases = all.flatMap((w) =>
    allContainers(w.pod).map(
      (c) => [`${w.file} ${w.object.kind}/${w.object.metadata.name}`, c.name, w, c] as const,
    ),
  );

  it('renders the Deployment and its migrate init container', () => {
    const deployment = all.find((w) => w.object.kind === 'Deployment');
    expect(deployment?.pod.initContainers?.map((c) => c.name)).toEqual(['migrate']);
    expect(cases.length).toBeGreaterThanOrEqual(2);
  });

  it.each(all.map((w) => [w.file, w.object.kind, w] as const))(
    '%s %s: the pod runs as the image user with the default seccomp profile',
    (_file, _kind, { pod }) => {
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: IMAGE_UID,
        runAsGroup: IMAGE_GID,
        fsGroup: IMAGE_GID,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect([pod.hostNetwork, pod.hostPID, pod.hostIPC]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect((pod.volumes ?? []).filter((v) => v.hostPath)).toEqual([]);
    },
  );

  it.each(cases)('%s container %s: restricted', (_w, _name, { pod }, container) => {
    expect(effective(pod, container, 'runAsNonRoot')).toBe(true);
    expect(effective(pod, container, 'runAsUser')).toBe(IMAGE_UID);
    expect(effective(pod, container, 'seccompProfile')).toEqual({ type: 'RuntimeDefault' });
    const sc = container.securityContext ?? {};
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.privileged).not.toBe(true);
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.capabilities?.drop).toEqual(['ALL']);
    expect(sc.capabilities?.add ?? []).toEqual([]);
  });

  it.each(cases)('%s container %s: /tmp is an emptyDir, /data the PVC', (_w, _n, { pod }, c) => {
    const volume = (mountPath: string) => {
      const mount = c.volumeMounts?.find((m) => m.mountPath === mountPath);
      return pod.volumes?.find((v) => v.name === mount?.name);
    };
    expect(volume('/tmp')?.emptyDir).toBeDefined();
    const data = volume('/data');
    const claim = data ? data.persistentVolumeClaim?.claimName : 'not mounted';
    expect(claim).toMatch(/^(flotilla-data|not mounted)$/);
  });

  it.each(cases)('%s container %s: a node command names a built script', (_w, _n, _wl, c) => {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    if (argv[0] !== 'node') return;
    const script = argv.find((a) => a.endsWith('.js'));
    expect(script).toMatch(/^dist\//);
    expect(existsSync(join(ROOT, script ?? ''))).toBe(true);
  });

  it('runs one pod at a time: replicas 1, Recreate, the service writes to /data', () => {
    const deployment = all.find((w) => w.object.kind === 'Deployment');
    expect(deployment?.object.spec?.replicas).toBe(1);
    expect(deployment?.object.spec?.strategy?.type).toBe('Recreate');
    const service = deployment?.pod.containers.find((c) => c.name === 'flotilla');
    expect(service?.volumeMounts?.map((m) => m.mountPath).sort()).toEqual(['/data', '/tmp']);
    expect(service?.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(service?.readinessProbe?.httpGet?.path).toBe('/health/ready');
  });
});

describe('Dockerfile', () => {
  const stages = readDockerfile();
  const runtime = runtimeStage(stages);
  const build = stages[0];

  it('runs as the numeric user the manifests expect', () => {
    const users = argsOf(runtime, 'USER');
    expect(users).toEqual([`${IMAGE_UID}:${IMAGE_GID}`]);
  });

  it('installs from the lockfile before copying sources, then prunes devDependencies', () => {
    const order = build.instructions.map((i) => `${i.keyword} ${i.args}`);
    const at = (re: RegExp) => {
      const index = order.findIndex((line) => re.test(line));
      if (index < 0) throw new Error(`no instruction matches ${re} in the build stage`);
      return index;
    };
    expect(at(/^COPY package\.json package-lock\.json/)).toBeLessThan(at(/^RUN npm ci\b/));
    expect(at(/^RUN npm ci\b/)).toBeLessThan(at(/^COPY apps\b/));
    expect(at(/^COPY scripts\b/)).toBeLessThan(at(/npm run build/));
    expect(order[at(/npm run build/)]).toMatch(/npm run build && npm prune --omit=dev/);
  });

  it('copies only the bundles, production node_modules, package.json and config into the runtime', () => {
    const copies = copiesOf(runtime);
    for (const copy of copies) {
      for (const source of copy.sources) {
        expect(RUNTIME_SOURCES.has(source.replace(/^\/app\//, '').replace(/\/$/, ''))).toBe(true);
      }
    }
    const fromBuild = copies.filter((c) => c.from !== null);
    expect(fromBuild.every((c) => c.from === build.name)).toBe(true);
    expect(argsOf(runtime, 'RUN').join('\n')).not.toMatch(/npm (ci|install)/);
  });

  it('sets production, DATA_DIR, writable /data and /tmp, the health check and the GC flag', () => {
    expect(envOf(runtime)).toMatchObject({
      NODE_ENV: 'production',
      DATA_DIR: '/data',
      HOME: '/tmp',
    });
    expect(argsOf(runtime, 'VOLUME').flatMap((v) => execForm(v))).toEqual(['/data', '/tmp']);
    expect(argsOf(runtime, 'HEALTHCHECK').join(' ')).toContain('/health/live');
    expect(execForm(argsOf(runtime, 'CMD')[0])).toEqual([
      'node',
      '--max-semi-space-size=16',
      'dist/apps/orchestrator/main.js',
    ]);
  });

  it('uses the Node line of .nvmrc and package.json engines', () => {
    const nvmrc = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    for (const stage of stages) expect(stage.from).toMatch(new RegExp(`^node:${nvmrc}[.-]`));
    expect(pkg.engines.node).toMatch(new RegExp(`^>=${nvmrc}\\b`));
  });
});
