using System;
using System.Collections.Generic;
using System.Linq;

namespace HeadlessSales.Client.Generator.Model;

internal enum TypeKind
{
    Scalar,
    Object,
    Interface,
    Union,
    Enum,
    InputObject,
}

/// <summary>A GraphQL type reference such as <c>[ID!]!</c>: a named type wrapped in lists and non-null markers.</summary>
internal sealed record TypeRef(string? Name, TypeRef? OfType, bool IsList, bool IsNonNull)
{
    public static TypeRef Named(string name) => new(name, null, false, false);

    public static TypeRef ListOf(TypeRef item) => new(null, item, true, false);

    public static TypeRef NonNull(TypeRef inner) => new(inner.Name, inner.OfType, inner.IsList, true);

    public TypeRef Nullable() => this with { IsNonNull = false };

    /// <summary>The named type at the bottom of every list and non-null wrapper.</summary>
    public string NamedType => Name ?? OfType!.NamedType;

    public override string ToString()
    {
        var inner = IsList ? "[" + OfType + "]" : Name!;
        return IsNonNull ? inner + "!" : inner;
    }
}

/// <remarks><c>DeprecationReason</c>, here and below: the reason of <c>@deprecated</c>, null when the member is not deprecated.</remarks>
internal sealed record InputValueDefinition(string Name, TypeRef Type, bool HasDefaultValue, string? Description, string? DeprecationReason = null);

internal sealed record FieldDefinition(string Name, TypeRef Type, EquatableArray<InputValueDefinition> Arguments, string? Description, string? DeprecationReason = null);

internal sealed record EnumValueDefinition(string Name, string? Description, string? DeprecationReason = null);

internal sealed record TypeDefinition(
    string Name,
    TypeKind Kind,
    string? Description,
    EquatableArray<FieldDefinition> Fields,
    EquatableArray<string> Interfaces,
    EquatableArray<string> UnionMembers,
    EquatableArray<InputValueDefinition> InputFields,
    EquatableArray<EnumValueDefinition> EnumValues)
{
    public bool IsAbstract => Kind is TypeKind.Interface or TypeKind.Union;

    public bool IsComposite => Kind is TypeKind.Object or TypeKind.Interface or TypeKind.Union;

    public bool IsLeaf => Kind is TypeKind.Scalar or TypeKind.Enum;

    public bool IsInputType => Kind is TypeKind.Scalar or TypeKind.Enum or TypeKind.InputObject;

    public FieldDefinition? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>
/// The schema reduced to what the generator needs. Compared by value so that a schema edit which does
/// not change any definition (a comment, whitespace) leaves every downstream step cached.
/// </summary>
internal sealed class SchemaModel : IEquatable<SchemaModel>
{
    public static readonly EquatableArray<string> BuiltInScalars =
        new[] { "ID", "String", "Int", "Float", "Boolean" }.ToEquatableArray();

    private readonly Dictionary<string, TypeDefinition> _typesByName;
    private readonly Dictionary<string, List<string>> _implementationsByInterface;

    public SchemaModel(string queryType, string? mutationType, string? subscriptionType, EquatableArray<TypeDefinition> types)
    {
        QueryType = queryType;
        MutationType = mutationType;
        SubscriptionType = subscriptionType;
        Types = types;
        _typesByName = new Dictionary<string, TypeDefinition>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            _typesByName[type.Name] = type;
        }

        _implementationsByInterface = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var type in types.Where(t => t.Kind == TypeKind.Object))
        {
            foreach (var implemented in type.Interfaces)
            {
                if (!_implementationsByInterface.TryGetValue(implemented, out var list))
                {
                    _implementationsByInterface[implemented] = list = new List<string>();
                }

                list.Add(type.Name);
            }
        }
    }

    public string QueryType { get; }

    public string? MutationType { get; }

    public string? SubscriptionType { get; }

    public EquatableArray<TypeDefinition> Types { get; }

    public TypeDefinition? FindType(string name) => _typesByName.TryGetValue(name, out var type) ? type : null;

    /// <summary>The object types a value of <paramref name="typeName"/> can be at run time, in schema order.</summary>
    public IReadOnlyList<string> PossibleTypes(string typeName)
    {
        var type = FindType(typeName);
        return type?.Kind switch
        {
            TypeKind.Object => new[] { type.Name },
            TypeKind.Union => type.UnionMembers.ToList(),
            TypeKind.Interface => _implementationsByInterface.TryGetValue(type.Name, out var list) ? list : (IReadOnlyList<string>)Array.Empty<string>(),
            _ => Array.Empty<string>(),
        };
    }

    public bool Equals(SchemaModel? other) =>
        other is not null
        && QueryType == other.QueryType
        && MutationType == other.MutationType
        && SubscriptionType == other.SubscriptionType
        && Types.Equals(other.Types);

    public override bool Equals(object? obj) => Equals(obj as SchemaModel);

    public override int GetHashCode() => Types.GetHashCode();
}
