namespace Keel.ModelRegistry;

/// <summary>
/// The life stage of a model version, MLflow's four stages. The names are stored as text, so
/// they must not be renamed.
/// </summary>
public enum ModelStage
{
    None,
    Staging,
    Production,
    Archived,
}
