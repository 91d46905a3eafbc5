using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HeadlessSales.Client.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ids are part of the public contract: integrators suppress
/// or escalate them by id, so an id is never reused for a different meaning.
/// </summary>
internal static class GraphQLDiagnostics
{
    private const string Category = "HeadlessSales.GraphQL";

    public static readonly DiagnosticDescriptor SyntaxError = Error(
        "HSGQL001", "GraphQL syntax error", "GraphQL syntax error: {0}");

    public static readonly DiagnosticDescriptor UnknownField = Error(
        "HSGQL002", "Unknown field", "The field '{0}' does not exist on type '{1}'");

    public static readonly DiagnosticDescriptor InvalidArgument = Error(
        "HSGQL003", "Unknown or mistyped argument", "{0}");

    public static readonly DiagnosticDescriptor UnknownType = Error(
        "HSGQL004", "Unknown type", "The type '{0}' is not defined in the schema");

    public static readonly DiagnosticDescriptor MissingRequiredArgument = Error(
        "HSGQL005", "Missing required argument", "The field '{0}' requires the argument '{1}' of type '{2}'");

    public static readonly DiagnosticDescriptor UnknownFragment = Error(
        "HSGQL006", "Unknown fragment", "The fragment '{0}' is not defined in any .graphql file");

    public static readonly DiagnosticDescriptor UndefinedVariable = Error(
        "HSGQL007", "Undefined variable", "The variable '${0}' is not declared by operation '{1}'");

    public static readonly DiagnosticDescriptor InvalidSelection = Error(
        "HSGQL008", "Invalid selection set", "{0}");

    public static readonly DiagnosticDescriptor InvalidOperationFile = Error(
        "HSGQL009", "Invalid operation file", "{0}");

    public static readonly DiagnosticDescriptor OperationNameMismatch = Warning(
        "HSGQL010", "Operation file name differs from operation name", "The file '{0}' holds operation '{1}'; name the file '{1}.graphql' so operations are easy to find");

    public static readonly DiagnosticDescriptor DuplicateOperationName = Error(
        "HSGQL011", "Duplicate operation name", "The operation name '{0}' is used by more than one .graphql file");

    public static readonly DiagnosticDescriptor MissingSchema = Error(
        "HSGQL012", "No GraphQL schema", "GraphQL operation files were found but no schema: add 'schema.graphql' or a '*.graphqls' file as an AdditionalFile");

    public static readonly DiagnosticDescriptor InvalidSchema = Error(
        "HSGQL013", "Invalid GraphQL schema", "{0}");

    public static readonly DiagnosticDescriptor UnusedVariable = Warning(
        "HSGQL014", "Unused variable", "The variable '${0}' is declared but never used by operation '{1}'");

    public static readonly DiagnosticDescriptor InvalidFragmentCondition = Error(
        "HSGQL015", "Impossible fragment", "The fragment on '{0}' can never apply to a value of type '{1}'");

    public static readonly DiagnosticDescriptor ConflictingFields = Error(
        "HSGQL016", "Fields conflict", "{0}");

    public static readonly DiagnosticDescriptor DeprecatedUsage = Warning(
        "HSGQL017", "Deprecated schema member", "{0} is deprecated: {1}");

    private static readonly Dictionary<string, DiagnosticDescriptor> DescriptorsById = new[]
    {
        SyntaxError, UnknownField, InvalidArgument, UnknownType, MissingRequiredArgument, UnknownFragment,
        UndefinedVariable, InvalidSelection, InvalidOperationFile, OperationNameMismatch, DuplicateOperationName,
        MissingSchema, InvalidSchema, UnusedVariable, InvalidFragmentCondition, ConflictingFields, DeprecatedUsage,
    }.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor FindById(string id) => DescriptorsById[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
}
