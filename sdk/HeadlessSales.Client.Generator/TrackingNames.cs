namespace HeadlessSales.Client.Generator;

/// <summary>Names of the pipeline steps, so tests can check which steps ran and which came from the cache.</summary>
public static class TrackingNames
{
    public const string Settings = nameof(Settings);
    public const string Sources = nameof(Sources);
    public const string Schema = nameof(Schema);
    public const string FragmentDocuments = nameof(FragmentDocuments);
    public const string OperationAnalysis = nameof(OperationAnalysis);
    public const string OperationModels = nameof(OperationModels);
    public const string UniqueOperationModels = nameof(UniqueOperationModels);
    public const string OperationSignatures = nameof(OperationSignatures);
    public const string InputTypes = nameof(InputTypes);
    public const string Enums = nameof(Enums);
    public const string CustomScalars = nameof(CustomScalars);
}
