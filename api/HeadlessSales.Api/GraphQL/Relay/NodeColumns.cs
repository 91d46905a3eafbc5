using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using GraphQL;
using GraphQLParser.AST;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.GraphQL.Relay;

/// <summary>
/// Which columns of <typeparamref name="T"/> each field of its graph type reads, so a connection's page query selects
/// only what the document asks for (issue 22: materializing whole rows was most of the page's cost).
/// </summary>
/// <remarks>
/// A field not listed here (one another module adds through <c>ITypeFields</c>, a fragment, a new field) makes the
/// page read whole rows: a field missing from the map costs speed, never a wrong answer.
/// </remarks>
public sealed class NodeColumns<T> where T : class, IEntity
{
    private static readonly ConstructorInfo Constructor = typeof(T).GetConstructor(Type.EmptyTypes)
        ?? throw new NotSupportedException($"{typeof(T).Name} needs a parameterless constructor to be read by columns.");

    private readonly Dictionary<string, PropertyInfo[]> _fields = new(StringComparer.Ordinal);
    private readonly PropertyInfo[] _always;

    // Documents are cached, so the same selection set comes back on every request: the projection is built once per
    // (selection, order). A miss (an uncached document) only costs building it again.
    private readonly ConditionalWeakTable<GraphQLSelectionSet, ConcurrentDictionary<string, Projection>> _built = new();

    /// <param name="fields">Each graph-type field with the properties its resolver reads (<c>("team", m => m.TeamId)</c>).</param>
    public NodeColumns(params (string Field, Expression<Func<T, object?>> Reads)[] fields)
    {
        foreach (var (field, reads) in fields)
        {
            _fields.Add(field, [PropertyOf(reads.Body, reads.Parameters[0]) ?? throw new ArgumentException($"`{field}` must read one property.", nameof(fields))]);
        }

        // The id names the node (and ties the cursor), the tenant is what any node check reads.
        _always = [.. new[] { typeof(T).GetProperty(nameof(IEntity.Id)), typeof(T).GetProperty("TenantId") }.OfType<PropertyInfo>()];
    }

    /// <summary>
    /// The projection for the <c>nodes</c> / <c>edges.node</c> selection of <paramref name="connection"/>, reading the
    /// order's key too; null when the selection asks for a field this map does not know (then read whole rows).
    /// </summary>
    public Expression<Func<T, T>>? For(IResolveFieldContext connection, SortOrder<T> order)
    {
        if (connection.FieldAst.SelectionSet is not { } selections)
        {
            return null;
        }

        var byOrder = _built.GetValue(selections, _ => new ConcurrentDictionary<string, Projection>(StringComparer.Ordinal));
        return byOrder.GetOrAdd(order.Name, _ => new Projection(Build(selections, order))).Lambda;
    }

    private Expression<Func<T, T>>? Build(GraphQLSelectionSet connectionSelections, SortOrder<T> order)
    {
        var read = new HashSet<PropertyInfo>(_always);
        if (order.Key is { } key)
        {
            if (PropertyOf(key.Body, key.Parameters[0]) is not { } keyProperty)
            {
                return null;
            }

            read.Add(keyProperty);
        }

        foreach (var selection in connectionSelections.Selections)
        {
            if (selection is not GraphQLField field)
            {
                return null;
            }

            var ok = field.Name.Value.Span switch
            {
                "nodes" => AddNodeFields(field.SelectionSet, read),
                "edges" => AddEdgeFields(field.SelectionSet, read),
                _ => true, // pageInfo, totalCount, __typename: nothing of the rows.
            };
            if (!ok)
            {
                return null;
            }
        }

        var row = Expression.Parameter(typeof(T), "row");
        var body = Expression.MemberInit(
            Expression.New(Constructor),
            read.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => Expression.Bind(p, Expression.Property(row, p))));
        return Expression.Lambda<Func<T, T>>(body, row);
    }

    private bool AddEdgeFields(GraphQLSelectionSet? edge, HashSet<PropertyInfo> read)
    {
        foreach (var selection in edge?.Selections ?? [])
        {
            if (selection is not GraphQLField field)
            {
                return false;
            }

            if (field.Name.Value.Span is "node" && !AddNodeFields(field.SelectionSet, read))
            {
                return false;
            }
        }

        return true;
    }

    private bool AddNodeFields(GraphQLSelectionSet? node, HashSet<PropertyInfo> read)
    {
        foreach (var selection in node?.Selections ?? [])
        {
            if (selection is not GraphQLField field)
            {
                return false;
            }

            var name = field.Name.StringValue;
            if (name is "id" or "__typename")
            {
                continue;
            }

            if (!_fields.TryGetValue(name, out var properties))
            {
                return false;
            }

            read.UnionWith(properties);
        }

        return true;
    }

    private static PropertyInfo? PropertyOf(Expression body, ParameterExpression row)
    {
        while (body is UnaryExpression { NodeType: ExpressionType.Convert } convert)
        {
            body = convert.Operand;
        }

        return body is MemberExpression { Member: PropertyInfo property, Expression: var owner } && owner == row && property.SetMethod is not null
            ? typeof(T).GetProperty(property.Name)
            : null;
    }

    private sealed record Projection(Expression<Func<T, T>>? Lambda);
}
