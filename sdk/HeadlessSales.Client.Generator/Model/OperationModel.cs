namespace HeadlessSales.Client.Generator.Model;

internal enum OperationKind
{
    Query,
    Mutation,
    Subscription,
}

/// <summary>Naming and placement of the generated client, from MSBuild properties.</summary>
internal sealed record ClientSettings(string ClientName, string Namespace)
{
    public const string DefaultClientName = "GraphQLClient";
    public const string DefaultNamespace = "GraphQL.Generated";

    public string InterfaceName => "I" + ClientName;
}

/// <summary>An operation variable as it appears on the generated client method.</summary>
internal sealed record VariableModel(string Name, string ParameterName, string CSharpType, bool IsRequired);

/// <summary>A property of a generated result type; <see cref="JsonName"/> is the GraphQL response name.</summary>
internal sealed record PropertyModel(string Name, string JsonName, string CSharpType, string? Description, string? DeprecationReason = null);

/// <summary>A sealed record for one selection set on one concrete GraphQL object type.</summary>
internal sealed record ResultObjectModel(
    string Name,
    string GraphQLType,
    EquatableArray<string> Implements,
    EquatableArray<PropertyModel> Properties,
    bool IsUserError,
    string? UserErrorsProperty);

/// <summary>One concrete record an abstract selection can resolve to, keyed by <c>__typename</c>.</summary>
internal sealed record PossibleTypeModel(string Typename, string ClassName);

/// <summary>
/// The C# interface for a selection set on an interface or union type, with the records it may be
/// deserialized into and the record used for any other <c>__typename</c> (including types added to the
/// schema after the client was generated).
/// </summary>
internal sealed record ResultInterfaceModel(
    string Name,
    string GraphQLType,
    EquatableArray<PropertyModel> Properties,
    EquatableArray<PossibleTypeModel> PossibleTypes,
    string FallbackClassName,
    bool IsUserError)
{
    public string ConverterName => Name.Substring(1) + "JsonConverter";
}

/// <summary>Everything the emitters need to know about one operation file.</summary>
internal sealed record OperationModel(
    string Name,
    OperationKind Kind,
    string FilePath,
    string Document,
    string DocumentId,
    string ResultTypeName,
    EquatableArray<VariableModel> Variables,
    EquatableArray<ResultObjectModel> Objects,
    EquatableArray<ResultInterfaceModel> Interfaces,
    EquatableArray<string> ReferencedInputTypes,
    EquatableArray<string> ReferencedEnums)
{
    public OperationSignature Signature => new(Name, Kind, System.IO.Path.GetFileName(FilePath), ResultTypeName, Variables);
}

/// <summary>The part of an operation the client interface depends on: its result selections may change without touching it.</summary>
internal sealed record OperationSignature(
    string Name,
    OperationKind Kind,
    string FileName,
    string ResultTypeName,
    EquatableArray<VariableModel> Variables)
{
    public string MethodName => Kind == OperationKind.Subscription ? Name : Name + "Async";
}

/// <summary>An input object type, emitted once for all operations that reference it.</summary>
internal sealed record InputTypeModel(string Name, string? Description, EquatableArray<InputFieldModel> Fields);

/// <summary><see cref="IsRequired"/>: non-null without a default, so the caller must set it; other fields may be left out of the request.</summary>
internal sealed record InputFieldModel(string Name, string JsonName, string CSharpType, bool IsRequired, string? Description, string? DeprecationReason = null);

internal sealed record EnumModel(string Name, string? Description, EquatableArray<EnumMemberModel> Members);

internal sealed record EnumMemberModel(string Name, string GraphQLValue, string? Description, string? DeprecationReason = null);
