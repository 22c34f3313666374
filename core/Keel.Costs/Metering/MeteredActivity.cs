namespace Keel.Costs.Metering;

/// <summary>What the usage was for; cost per prediction counts only <see cref="Inference"/>.</summary>
public enum MeteredActivity
{
    Training,
    Inference,
    Storage,
    Egress,
    Llm,
}
