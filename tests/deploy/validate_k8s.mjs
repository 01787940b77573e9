// Validates rendered Kubernetes manifests (multi-document YAML files given
// as arguments) against the Kubernetes schemas of the npm package
// kubernetes-models, then checks what dyadscope's manifests must hold:
// probes, resources, non-root and read-only containers, ports named grpc.
// Prints one line per object; exits 1 on the first file with a problem.
// Usage: node validate_k8s.mjs RENDERED.yaml...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The npm packages live in the project's tools/ folder (make deps).
const require = createRequire(new URL('../../tools/package.json', import.meta.url));
const yaml = require('js-yaml');

function modelFor(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion : `v1`;
  const path = apiVersion.includes('/')
    ? `kubernetes-models/${group}/${kind}`
    : `kubernetes-models/v1/${kind}`;
  const mod = require(path);
  return mod[kind] ?? mod.default;
}

function policy(obj, problems) {
  const name = `${obj.kind}/${obj.metadata?.name}`;
  const podSpec =
    obj.kind === 'Deployment' || obj.kind === 'StatefulSet'
      ? obj.spec?.template?.spec
      : null;
  if (podSpec) {
    const podSecurity = podSpec.securityContext ?? {};
    for (const c of podSpec.containers ?? []) {
      const where = `${name} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (!(podSecurity.runAsNonRoot || sc.runAsNonRoot)) problems.push(`${where}: runAsNonRoot is not set`);
      if (!sc.readOnlyRootFilesystem) problems.push(`${where}: root filesystem is writable`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: capabilities not dropped`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation allowed`);
      for (const k of ['cpu', 'memory']) {
        if (!c.resources?.requests?.[k]) problems.push(`${where}: no ${k} request`);
        if (!c.resources?.limits?.[k]) problems.push(`${where}: no ${k} limit`);
      }
      if (!c.readinessProbe) problems.push(`${where}: no readiness probe`);
      if (!c.livenessProbe) problems.push(`${where}: no liveness probe`);
      if (obj.kind === 'Deployment') {
        // dyadscope services: native gRPC probes on the gRPC port.
        if (!c.readinessProbe?.grpc || !c.livenessProbe?.grpc) problems.push(`${where}: probes are not gRPC probes`);
        if (!(c.ports ?? []).some((p) => p.name === 'grpc' && p.containerPort === 50051)) problems.push(`${where}: no port named grpc`);
        if (!(c.envFrom ?? []).some((e) => e.configMapRef?.name?.startsWith('dyadscope-config'))) problems.push(`${where}: configuration not from the dyadscope-config ConfigMap`);
        for (const e of c.env ?? []) {
          if (/PASSWORD|postgresql:\/\//i.test(`${e.name}=${e.value ?? ''}`) && e.value !== undefined) {
            problems.push(`${where}: secret ${e.name} given as a plain value, not from a Secret`);
          }
        }
      }
    }
  }
  if (obj.kind === 'Service' && obj.metadata?.name !== 'postgres') {
    if (!(obj.spec?.ports ?? []).some((p) => p.name === 'grpc')) problems.push(`${name}: no port named grpc`);
  }
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const docs = yaml.loadAll(readFileSync(file, 'utf8')).filter(Boolean);
  const problems = [];
  const kinds = {};
  for (const obj of docs) {
    kinds[obj.kind] = (kinds[obj.kind] ?? 0) + 1;
    let Model;
    try {
      Model = modelFor(obj.apiVersion, obj.kind);
    } catch (e) {
      problems.push(`${obj.apiVersion} ${obj.kind}: no schema (${e.message.split('\n')[0]})`);
      continue;
    }
    if (obj.kind === 'Secret' && obj.data) {
      // kustomize folds base64 at 70 columns; the API server's decoder skips
      // the line breaks, the schema's "byte" format does not.
      for (const k of Object.keys(obj.data)) obj.data[k] = obj.data[k].replace(/\s+/g, '');
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      problems.push(`${obj.kind}/${obj.metadata?.name}: ${e.message.split('\n').slice(0, 3).join(' ')}`);
    }
    policy(obj, problems);
  }
  const summary = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ');
  if (problems.length) {
    failed = true;
    console.log(`FAIL ${file}: ${summary}`);
    for (const p of problems) console.log(`     ${p}`);
  } else {
    console.log(`ok   ${file}: ${summary}`);
  }
}
process.exit(failed ? 1 : 0);
