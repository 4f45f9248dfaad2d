/**
 * The schema, one step per version. A step is applied once, in a transaction, and never edited after it
 * ships: a change is a new step at the end. `PRAGMA user_version` records how many have run.
 */
export const migrations: readonly string[] = [
  // 1: pipelines and their versions, idempotency tokens, the model registry.
  `
  CREATE TABLE pipelines (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    arn TEXT NOT NULL UNIQUE,
    display_name TEXT,
    description TEXT,
    role_arn TEXT NOT NULL,
    max_parallel_steps INTEGER,
    status TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    latest_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    last_run_at INTEGER
  );
  CREATE INDEX pipelines_created_at ON pipelines (created_at);

  CREATE TABLE pipeline_versions (
    pipeline_name TEXT NOT NULL COLLATE NOCASE REFERENCES pipelines (name) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    display_name TEXT,
    description TEXT,
    created_at INTEGER NOT NULL,
    last_execution_arn TEXT,
    PRIMARY KEY (pipeline_name, version)
  );

  CREATE TABLE request_tokens (
    operation TEXT NOT NULL,
    token TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (operation, token)
  );

  CREATE TABLE model_package_groups (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    arn TEXT NOT NULL UNIQUE,
    description TEXT,
    status TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    last_version INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX model_package_groups_created_at ON model_package_groups (created_at);

  CREATE TABLE model_packages (
    arn TEXT PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE,
    group_name TEXT COLLATE NOCASE REFERENCES model_package_groups (name),
    version INTEGER,
    approval_status TEXT,
    status TEXT NOT NULL,
    description TEXT,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX model_packages_group_version ON model_packages (group_name, version);
  CREATE INDEX model_packages_created_at ON model_packages (created_at);
  `,
  // 2: executions and their steps (each step's record as the engine reports it), jobs and models.
  `
  CREATE TABLE executions (
    arn TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    pipeline_name TEXT NOT NULL COLLATE NOCASE REFERENCES pipelines (name) ON DELETE CASCADE,
    pipeline_version INTEGER NOT NULL,
    display_name TEXT,
    description TEXT,
    status TEXT NOT NULL,
    failure_reason TEXT,
    parameters TEXT NOT NULL,
    max_parallel_steps INTEGER,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    ended_at INTEGER
  );
  CREATE INDEX executions_pipeline_created ON executions (pipeline_name, created_at);
  CREATE INDEX executions_status ON executions (status);

  CREATE TABLE execution_steps (
    execution_arn TEXT NOT NULL REFERENCES executions (arn) ON DELETE CASCADE,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    cache_key TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (execution_arn, name)
  );
  CREATE INDEX execution_steps_cache_key ON execution_steps (cache_key);

  CREATE TABLE jobs (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    arn TEXT NOT NULL,
    status TEXT,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX jobs_kind_created ON jobs (kind, created_at);
  `,
  // 3: selective executions remember which steps they run and which execution they reuse.
  `
  ALTER TABLE executions ADD COLUMN selective_config TEXT;
  `,
  // 4: projects made from templates (the seed repository on disk, the model package group they own).
  `
  CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    arn TEXT NOT NULL UNIQUE,
    description TEXT,
    status TEXT NOT NULL,
    template_id TEXT NOT NULL,
    repository_path TEXT NOT NULL,
    model_package_group_name TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL
  );
  CREATE INDEX projects_created_at ON projects (created_at);
  `,
  // 5: real-time endpoints: endpoint configurations, and endpoints with what they serve (a snapshot of each
  // variant's model, so a restarted service serves the same thing even if the model was deleted since).
  `
  CREATE TABLE endpoint_configs (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    arn TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX endpoint_configs_created_at ON endpoint_configs (created_at);

  CREATE TABLE endpoints (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    arn TEXT NOT NULL UNIQUE,
    config_name TEXT NOT NULL COLLATE NOCASE,
    status TEXT NOT NULL,
    failure_reason TEXT,
    deployed TEXT,
    pending TEXT,
    processes TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL
  );
  CREATE INDEX endpoints_created_at ON endpoints (created_at);
  `,
  // Schedules (EventBridge Scheduler's, kept locally with their next firing) and event triggers; an execution
  // remembers the schedule or trigger that started it.
  `
  CREATE TABLE schedules (
    group_name TEXT NOT NULL,
    name TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    document TEXT NOT NULL,
    next_firing_at INTEGER,
    last_fired_at INTEGER,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    PRIMARY KEY (group_name, name)
  );
  CREATE INDEX schedules_next_firing ON schedules (state, next_firing_at);

  CREATE TABLE triggers (
    name TEXT PRIMARY KEY,
    arn TEXT NOT NULL UNIQUE,
    pipeline_name TEXT NOT NULL COLLATE NOCASE,
    state TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  ALTER TABLE executions ADD COLUMN started_by TEXT;
  `,
  // Training jobs' metrics over their run, one row per value a MetricDefinition captured.
  `
  CREATE TABLE training_metrics (
    job_name TEXT NOT NULL COLLATE NOCASE,
    metric_name TEXT NOT NULL,
    iteration INTEGER NOT NULL,
    timestamp REAL NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (job_name, metric_name, iteration)
  );
  `,
  // Lineage (as SageMaker's Lineage API): artifacts, actions, contexts and trial components, and the associations between them.
  `
  CREATE TABLE lineage_entities (
    arn TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT,
    type TEXT,
    source_uri TEXT,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL
  );
  CREATE INDEX lineage_entities_kind_created ON lineage_entities (kind, created_at);
  CREATE INDEX lineage_entities_source_uri ON lineage_entities (source_uri);
  CREATE UNIQUE INDEX lineage_entities_kind_name ON lineage_entities (kind, name COLLATE NOCASE) WHERE name IS NOT NULL AND kind <> 'Artifact';

  CREATE TABLE lineage_associations (
    source_arn TEXT NOT NULL REFERENCES lineage_entities (arn) ON DELETE CASCADE,
    destination_arn TEXT NOT NULL REFERENCES lineage_entities (arn) ON DELETE CASCADE,
    association_type TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (source_arn, destination_arn)
  );
  CREATE INDEX lineage_associations_destination ON lineage_associations (destination_arn);
  `,
  // A step's newest run by its name: what a cache miss, and a plan, is explained against (why a step runs).
  `
  CREATE INDEX execution_steps_name_start ON execution_steps (name, start_time);
  `,
  // Every resource's tags, by ARN, in one table (AddTags, DeleteTags and ListTags work on any resource); the tags
  // columns of pipelines, groups, projects and endpoints are read no more.
  `
  CREATE TABLE resource_tags (
    arn TEXT PRIMARY KEY,
    tags TEXT NOT NULL
  );
  INSERT OR REPLACE INTO resource_tags (arn, tags) SELECT arn, tags FROM pipelines WHERE tags <> '[]';
  INSERT OR REPLACE INTO resource_tags (arn, tags) SELECT arn, tags FROM model_package_groups WHERE tags <> '[]';
  INSERT OR REPLACE INTO resource_tags (arn, tags) SELECT arn, tags FROM projects WHERE tags <> '[]';
  INSERT OR REPLACE INTO resource_tags (arn, tags) SELECT arn, tags FROM endpoints WHERE tags <> '[]';
  `,
  // Experiments and their trials; which trial components each trial holds; the metrics a run logs to its trial component.
  `
  CREATE TABLE experiments (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    arn TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL
  );
  CREATE TABLE trials (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    arn TEXT NOT NULL UNIQUE,
    experiment_name TEXT NOT NULL REFERENCES experiments (name),
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL
  );
  CREATE INDEX trials_experiment ON trials (experiment_name);
  CREATE TABLE trial_members (
    trial_name TEXT NOT NULL REFERENCES trials (name) ON DELETE CASCADE,
    trial_component_name TEXT NOT NULL COLLATE NOCASE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (trial_name, trial_component_name)
  );
  CREATE INDEX trial_members_component ON trial_members (trial_component_name);
  CREATE TABLE trial_component_metrics (
    trial_component_name TEXT NOT NULL COLLATE NOCASE,
    metric_name TEXT NOT NULL,
    step INTEGER,
    timestamp REAL NOT NULL,
    value REAL NOT NULL
  );
  CREATE INDEX trial_component_metrics_name ON trial_component_metrics (trial_component_name, metric_name);
  `,
  // The experiment and trial an execution's PipelineExperimentConfig resolved to ('null' when it has none).
  `
  ALTER TABLE executions ADD COLUMN experiment_config TEXT;
  `,
];
