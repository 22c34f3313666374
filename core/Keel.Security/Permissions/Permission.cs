namespace Keel.Security.Permissions;

/// <summary>
/// What an HTTP endpoint or CLI operation needs. Each one becomes the authorisation policy
/// <c>keel:&lt;kebab-name&gt;</c> (see <see cref="PermissionNames"/>); the README maps every
/// existing endpoint onto one of them.
/// </summary>
public enum Permission
{
    /// <summary>List feature views and read online features.</summary>
    ReadFeatures,

    /// <summary>Register feature repositories and materialise the online store.</summary>
    WriteFeatures,

    /// <summary>Publish records onto the event log (<c>POST /api/events</c>).</summary>
    IngestEvents,

    /// <summary>Push topic events to their handlers, as the Dapr sidecar does.</summary>
    DeliverEvents,

    /// <summary>Read experiment runs, their parameters and metrics.</summary>
    ReadRuns,

    /// <summary>Build training sets, start a training or retraining, rebuild a version from its lineage.</summary>
    Train,

    /// <summary>Read registered models, versions, artifacts and what the server has loaded.</summary>
    ReadModels,

    /// <summary>Move a version between stages and set its aliases.</summary>
    TransitionModels,

    /// <summary>Follow workflow instances and their history.</summary>
    ReadWorkflows,

    /// <summary>Approve or reject a version waiting on a workflow (never one's own: see <see cref="Keel.Security.SeparationOfDutiesCheck"/>).</summary>
    Approve,

    /// <summary>Read deployment plans and canary analyses.</summary>
    ReadDeployments,

    /// <summary>Change a deployment plan, load or unload a model in the inference service.</summary>
    Deploy,

    /// <summary>Score with a served model (Keel predict and Open Inference Protocol infer).</summary>
    Predict,

    /// <summary>Send ground truth for earlier predictions.</summary>
    SendFeedback,

    /// <summary>Read drift, decay and gate reports and model cards.</summary>
    ReadReports,

    /// <summary>Read the tamper-evident audit log.</summary>
    ReadAudit,

    /// <summary>Read what a version was built from: dataset snapshot, feature views, parameters, parent run.</summary>
    ReadLineage,

    /// <summary>Scrape the Prometheus metrics endpoint.</summary>
    ReadMetrics,

    /// <summary>Create, list and revoke API keys.</summary>
    ManageApiKeys,

    /// <summary>Grant and withdraw roles.</summary>
    ManageRoles,

    /// <summary>Change gate, retention and other platform policies.</summary>
    ManagePolicies,
}
