namespace Keel.Metering;

/// <summary>
/// What a deployed model version holds while it waits for traffic (<c>Keel:Costs:Reservation</c>):
/// what an idle endpoint costs per hour, priced with the book. The defaults are one core and 2 GB,
/// a CPU replica of a small tabular model.
/// </summary>
public sealed class ReservationOptions
{
    public const string Section = "Keel:Costs:Reservation";

    public decimal Cores { get; set; } = 1;

    public decimal MemoryGb { get; set; } = 2;

    public int Gpus { get; set; }

    /// <summary>Required with <see cref="Gpus"/> above 0: GPU time is priced by type.</summary>
    public string? GpuType { get; set; }
}
