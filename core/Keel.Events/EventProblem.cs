namespace Keel.Events;

/// <summary>
/// What is wrong with an event: the attribute or JSON location (<c>type</c>, <c>data/values/Age</c>)
/// and a sentence a person can act on.
/// </summary>
public sealed record EventProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
