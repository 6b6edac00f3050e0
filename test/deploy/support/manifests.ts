import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './dockerfile';

export const K8S_DIR = join(ROOT, 'deploy', 'k8s');

/** The slice of the Kubernetes object model these tests read; everything optional, as in YAML. */
export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  livenessProbe?: { httpGet?: { path?: string } };
  readinessProbe?: { httpGet?: { path?: string } };
}

export interface PodSpec {
  securityContext?: SecurityContext;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  initContainers?: Container[];
  containers: Container[];
  volumes?: {
    name: string;
    persistentVolumeClaim?: { claimName: string };
    emptyDir?: object;
    hostPath?: object;
  }[];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: {
    replicas?: number;
    strategy?: { type?: string };
    template?: { spec?: PodSpec };
    jobTemplate?: { spec?: { template?: { spec?: PodSpec } } };
  };
}

export interface Workload {
  readonly file: string;
  readonly object: K8sObject;
  readonly pod: PodSpec;
}

/** Every object of every deploy/k8s/*.yaml; a YAML error fails the load. */
export function loadManifests(): { file: string; object: K8sObject }[] {
  const out: { file: string; object: K8sObject }[] = [];
  for (const file of readdirSync(K8S_DIR).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const object = doc.toJS() as K8sObject | null;
      if (object) out.push({ file, object });
    }
  }
  return out;
}

/** The objects that run pods (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod). */
export function workloads(): Workload[] {
  return loadManifests().flatMap(({ file, object }) => {
    const pod =
      object.kind === 'Pod'
        ? (object.spec as PodSpec | undefined)
        : (object.spec?.template?.spec ?? object.spec?.jobTemplate?.spec?.template?.spec);
    return pod ? [{ file, object, pod }] : [];
  });
}

export function allContainers(pod: PodSpec): Container[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** A container's setting, falling back to the pod's, as the kubelet resolves it. */
export function effective<K extends keyof SecurityContext>(
  pod: PodSpec,
  container: Container,
  key: K,
): SecurityContext[K] {
  return container.securityContext?.[key] ?? pod.securityContext?.[key];
}
