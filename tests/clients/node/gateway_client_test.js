#!/usr/bin/env node
// A Node.js gRPC client (@grpc/grpc-js with @grpc/proto-loader, installed by
// `make deps` into tools/node_modules) runs the suite's main question —
// AssessDyad PAK–CHN through the gateway — and one backend method
// (events.GetVotingAlignment), against the five real binaries.
//
// Usage: node --test gateway_client_test.js, with DYADSCOPE_BIN_DIR,
// DYADSCOPE_PROTOS_DIR, DYADSCOPE_SOURCE_DIR and DYADSCOPE_NODE_MODULES set;
// or node gateway_client_test.js BIN_DIR PROTOS_DIR SOURCE_DIR TOOLS_NODE_MODULES.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const BIN = process.env.DYADSCOPE_BIN_DIR || args[0];
const PROTOS = process.env.DYADSCOPE_PROTOS_DIR || args[1];
const SOURCE = process.env.DYADSCOPE_SOURCE_DIR || args[2];
const NODE_MODULES = process.env.DYADSCOPE_NODE_MODULES || args[3];
if (!BIN || !PROTOS || !SOURCE || !NODE_MODULES) {
  throw new Error('usage: gateway_client_test.js BIN_DIR PROTOS_DIR SOURCE_DIR TOOLS_NODE_MODULES ' +
                  '(or the DYADSCOPE_* environment variables)');
}

const grpc = require(path.join(NODE_MODULES, '@grpc', 'grpc-js'));
const protoLoader = require(path.join(NODE_MODULES, '@grpc', 'proto-loader'));

// Every dyadscope proto; google/protobuf comes with proto-loader.
function protoFiles(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...protoFiles(full));
    else if (entry.name.endsWith('.proto')) files.push(path.relative(PROTOS, full));
  }
  return files.sort();
}

const definition = protoLoader.loadSync(protoFiles(path.join(PROTOS, 'dyadscope')), {
  includeDirs: [PROTOS],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const proto = grpc.loadPackageDefinition(definition);

// A service binary started on 127.0.0.1:0; its port is read from the
// "listening" JSON log line on stderr.
// How many times longer to wait for a server to start or stop
// (DYADSCOPE_TEST_TIME_SCALE, set for sanitized builds).
const timeScale = Math.max(1, Number(process.env.DYADSCOPE_TEST_TIME_SCALE) || 1);

class Server {
  constructor(name, argv, cwd) {
    this.name = name;
    this.log = '';
    this.proc = spawn(argv[0], [...argv.slice(1), '--listen=127.0.0.1:0', '--metrics_listen=off'],
                      { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => resolve({ code, signal }));
    });
    const append = (chunk) => { this.log += chunk.toString('utf8'); };
    this.proc.stdout.on('data', append);
    this.proc.stderr.on('data', append);
  }

  async started(timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs * timeScale;
    let exited = false;
    this.exited.then(() => { exited = true; });
    while (Date.now() < deadline) {
      const m = /"msg":"listening".*?"port":(\d+)/.exec(this.log);
      if (m) {
        this.port = Number(m[1]);
        return this.port;
      }
      if (exited) throw new Error(`${this.name} exited before listening:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${this.name} did not start:\n${this.log}`);
  }

  async stop(timeoutMs = 30000) {
    timeoutMs *= timeScale;
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        this.proc.kill('SIGKILL');
        reject(new Error(`${this.name} did not stop within ${timeoutMs} ms:\n${this.log}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function call(client, method, request, seconds) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: new Date(Date.now() + seconds * 1000) }, (err, response) => {
      if (err) reject(err);
      else resolve(response);
    });
  });
}

const servers = {};
const clients = {};

before(async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dyadscope-node-'));
  for (const name of ['events', 'economics', 'security_risk']) {
    servers[name] = new Server(name, [path.join(BIN, name), `--database=${work}/${name}.sqlite`], SOURCE);
  }
  servers.scoring = new Server('scoring', [path.join(BIN, 'scoring')]);
  for (const name of ['events', 'economics', 'security_risk', 'scoring']) await servers[name].started();
  const address = (name) => `127.0.0.1:${servers[name].port}`;
  servers.gateway = new Server('gateway', [
    path.join(BIN, 'gateway'),
    `--events_address=${address('events')}`,
    `--economics_address=${address('economics')}`,
    `--security_risk_address=${address('security_risk')}`,
    `--scoring_address=${address('scoring')}`,
  ]);
  await servers.gateway.started();
  const credentials = grpc.credentials.createInsecure();
  clients.gateway = new proto.dyadscope.gateway.v1.GatewayService(address('gateway'), credentials);
  clients.events = new proto.dyadscope.events.v1.EventsService(address('events'), credentials);
});

after(async () => {
  for (const client of Object.values(clients)) client.close();
  const failures = [];
  // The gateway first, then the backends it calls.
  for (const name of ['gateway', 'events', 'economics', 'security_risk', 'scoring']) {
    const server = servers[name];
    if (!server) continue;
    const { code, signal } = await server.stop();
    if (code !== 0) failures.push(`${name}: exit code ${code}, signal ${signal}\n${server.log}`);
  }
  assert.deepStrictEqual(failures, [], 'every server exits 0 on SIGTERM');
});

test('AssessDyad PAK–CHN through the gateway', async () => {
  const request = { dyad: { countryA: 'PAK', countryB: 'CHN' } };
  const { assessment } = await call(clients.gateway, 'AssessDyad', request, 120);
  assert.strictEqual(assessment.provisional, false, JSON.stringify(assessment.warnings));
  assert.deepStrictEqual(assessment.periods.map((p) => p.period.name), ['consolidation', 'deepening']);
  for (const period of assessment.periods) {
    const { score } = period;
    assert.strictEqual(score.indices.length, 3, `${period.period.name}: three indices`);
    for (const index of score.indices) {
      assert.strictEqual(typeof index.score, 'number', `${period.period.name} ${index.index}: a score`);
      assert.ok(Number.isFinite(index.score), `${period.period.name} ${index.index}: a finite score`);
    }
    assert.ok(score.relationshipClass, `${period.period.name}: a relationship class`);
    assert.notStrictEqual(score.relationshipClass, 'RELATIONSHIP_CLASS_UNSPECIFIED',
                          `${period.period.name}: a relationship class`);
  }
});

test('events.GetVotingAlignment PAK–CHN 2000 directly', async () => {
  const request = { dyad: { countryA: 'PAK', countryB: 'CHN' }, startYear: 2000, endYear: 2000 };
  const response = await call(clients.events, 'GetVotingAlignment', request, 60);
  assert.ok(response.years.length >= 1, 'at least one year');
  const metrics = response.years[0].dyadMetrics;
  assert.strictEqual(metrics.jointVotes, 72);
  assert.strictEqual(metrics.sameVotes, 63);
  assert.ok(Math.abs(metrics.percentAgreement - 87.5) < 1e-9, `percent agreement ${metrics.percentAgreement}`);
});
