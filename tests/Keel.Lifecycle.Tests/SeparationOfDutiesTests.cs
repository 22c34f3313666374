namespace Keel.Lifecycle.Tests;

public sealed class SeparationOfDutiesTests
{
    [Theory]
    [InlineData("bob", "alice", "alice", null)]
    [InlineData("alice", "alice", "carol", "requested this training")]
    [InlineData(" ALICE ", "alice", "carol", "requested this training")]
    [InlineData("carol", "alice", "Carol", "author of this version")]
    [InlineData("", "alice", "alice", "names no approver")]
    [InlineData("   ", "alice", "alice", "names no approver")]
    public void An_approval_counts_only_from_someone_who_neither_asked_for_nor_built_the_version(string approver, string requester, string author, string? refusal)
    {
        var reason = SeparationOfDuties.RefusalOf(new ApprovalDecision(true, approver), requester, author);

        if (refusal is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(refusal, reason);
        }
    }

    [Fact]
    public void A_rejection_needs_no_second_pair_of_eyes()
    {
        Assert.Null(SeparationOfDuties.RefusalOf(new ApprovalDecision(false, "alice"), "alice", "alice"));
    }
}
