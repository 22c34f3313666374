using Keel.Workflows.Local;

namespace Keel.Workflows.Tests.Toys;

public static class ToyRegistrations
{
    public static void Register(LocalWorkflowRuntimeOptions options) => options
        .RegisterWorkflow<Chain>()
        .RegisterWorkflow<RetryFlaky>()
        .RegisterWorkflow<CompensateOnFailure>()
        .RegisterWorkflow<FailUncaught>()
        .RegisterWorkflow<Sleep>()
        .RegisterWorkflow<Approval>()
        .RegisterWorkflow<Parent>()
        .RegisterWorkflow<ParentOfFailure>()
        .RegisterWorkflow<AwaitApproval>()
        .RegisterWorkflow<Deterministic>()
        .RegisterWorkflow<HoldOpen>()
        .RegisterWorkflow<CountUp>()
        .RegisterWorkflow<Approver>()
        .RegisterWorkflow<AwaitsWallClock>()
        .RegisterWorkflow<CallsUnknownActivity>()
        .RegisterActivity<Greet>()
        .RegisterActivity<Shout>()
        .RegisterActivity<Flaky>()
        .RegisterActivity<AlwaysFails>()
        .RegisterActivity<Compensate>()
        .RegisterActivity<Remember>()
        .RegisterActivity<Blocking>();
}
