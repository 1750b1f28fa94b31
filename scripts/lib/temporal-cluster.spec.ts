import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadLauncherConfig } from '../../libs/config/src';
import { clusterConfig, clusterDynamicConfig, DEFAULT_CLUSTER_PORTS, freeClusterPorts, startTemporalCluster } from './temporal-cluster';

const pg = { host: '127.0.0.1', port: 5432, user: 'u', password: 'p' };

describe('the cluster launcher', () => {
  it('defaults to 2 workers, 2 API processes and 8 history shards, and names a bad setting', () => {
    expect(loadLauncherConfig({})).toMatchObject({ CLUSTER_WORKERS: 2, CLUSTER_APIS: 2, TEMPORAL_HISTORY_SHARDS: 8, PG_PORT: 54329 });
    expect(() => loadLauncherConfig({ CLUSTER_WORKERS: '0' })).toThrow(ConfigError);
    expect(() => loadLauncherConfig({ CLUSTER_WORKERS: '0' })).toThrow(/CLUSTER_WORKERS/);
    expect(() => loadLauncherConfig({ TEMPORAL_HISTORY_SHARDS: 'eight' })).toThrow(/TEMPORAL_HISTORY_SHARDS/);
  });

  it('writes a server config with the shard count, one port pair per service and bounded connection pools', () => {
    const c = clusterConfig({ pg, ports: DEFAULT_CLUSTER_PORTS, historyShards: 8, dynamicConfigFile: '/x/dc.yaml' }) as {
      persistence: { numHistoryShards: number; datastores: Record<string, { sql: { maxConns: number; databaseName: string } }> };
      services: Record<string, { rpc: { grpcPort: number; membershipPort: number } }>;
      publicClient: { hostPort: string };
    };
    expect(c.persistence.numHistoryShards).toBe(8);
    expect(Object.keys(c.services).sort()).toEqual(['frontend', 'history', 'matching', 'worker']);
    expect(c.services.history!.rpc).toMatchObject({ grpcPort: 7234, membershipPort: 6934 });
    expect(Object.values(c.persistence.datastores).map((d) => [d.sql.databaseName, d.sql.maxConns])).toEqual([['temporal', 15], ['temporal_visibility', 5]]);
    expect(c.publicClient.hostPort).toBe('127.0.0.1:7233');
  });

  it("gives the server the dev server's dynamic config: update-with-start on, timers shifted by 100 ms at most", () => {
    expect(clusterDynamicConfig()).toMatchObject({
      'frontend.enableExecuteMultiOperation': [{ value: true }],
      'history.timerProcessorMaxTimeShift': [{ value: '100ms' }],
    });
  });

  describe('fails fast, naming the cause, before building or starting anything', () => {
    let dir: string;
    beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'cluster-spec-'))));
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('refuses a membership port Temporal cannot store', async () => {
      const free = await freeClusterPorts();
      const ports = { ...free, membership: { ...free.membership, matching: 40_000 } };
      await expect(startTemporalCluster({ dir, pg, ports, historyShards: 8, namespace: 'default' })).rejects.toThrow(/matching membership port 40000 is above 32767/);
    });

    it('refuses another shard count than the store was made with', async () => {
      await writeFile(join(dir, 'history-shards'), '4');
      // Ports are checked first: free ones, so a cluster running on the defaults does not matter.
      const ports = await freeClusterPorts();
      await expect(startTemporalCluster({ dir, pg, ports, historyShards: 8, namespace: 'default' })).rejects.toThrow(
        /TEMPORAL_HISTORY_SHARDS=8, but this cluster's store was created with 4 shards/,
      );
    });
  });
});
