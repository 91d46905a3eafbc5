using System.Linq.Expressions;
using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.GraphQL.CustomFields;

/// <summary>
/// Filtering and ordering a record list by custom fields, in the database: each condition is an EXISTS on the values
/// table and the order a correlated subquery of its sort key, so that paging stays one keyset query.
/// </summary>
public static class CustomFieldQuerying
{
    public const string FilterField = "customFields";
    public const string OrderArgument = "customFieldOrder";

    public static void AddCustomFieldConditions(this InputObjectGraphType filter) =>
        filter.Field<ListGraphType<NonNullGraphType<CustomFieldFilterInputType>>>(FilterField)
            .Description("Conditions on custom fields; all must hold.");

    /// <summary>
    /// Applies the <c>where.customFields</c> conditions and, when given, the <c>customFieldOrder</c> argument (which then
    /// takes the place of <c>order</c>). Each condition must suit its field's type, else the request fails with INVALID_FILTER.
    /// </summary>
    public static async Task<(IQueryable<T> Query, SortOrder<T> Order)> ApplyCustomFieldsAsync<T>(
        this IResolveFieldContext ctx, SalesDbContext db, CustomFieldEntity entity, IQueryable<T> query, SortOrder<T> order)
        where T : class, IEntity
    {
        var conditions = new FilterArguments(ctx).List<Dictionary<string, object?>>(FilterField);
        var orderBy = ctx.GetArgument<Dictionary<string, object?>?>(OrderArgument);
        if (conditions is null or { Count: 0 } && orderBy is null)
        {
            return (query, order);
        }

        if (orderBy is not null && ctx.GetArgument<object?>("order") is not null)
        {
            throw new ExecutionError("Give `order` or `customFieldOrder`, not both.") { Code = "INVALID_ORDER" };
        }

        var definitions = (await CustomFieldStore.DefinitionsAsync(db, entity, ctx.CancellationToken)).ToDictionary(d => d.Key, StringComparer.Ordinal);
        CustomFieldDefinition Definition(string key, string code) => definitions.TryGetValue(key, out var found)
            ? found
            : throw new ExecutionError($"No custom field '{key}' is defined for {entity}.") { Code = code };

        foreach (var condition in conditions ?? [])
        {
            var definition = Definition((string)condition["key"]!, "INVALID_FILTER");
            var values = db.CustomFieldValues.Where(v => v.Entity == entity && v.Key == definition.Key);
            if (condition.GetValueOrDefault("hasValue") is false)
            {
                query = query.Where(Exists<T>(values, negate: true));
                continue;
            }

            query = query.Where(Exists<T>(values.Where(Condition(definition, condition)), negate: false));
        }

        if (orderBy is not null)
        {
            var definition = Definition((string)orderBy["key"]!, "INVALID_ORDER");
            var key = definition.Key;
            var values = db.CustomFieldValues.Where(v => v.Entity == entity && v.Key == key);
            order = SortOrder<T>.ByDatabaseKey("cf:" + key, SortKeyOf<T>(values), orderBy.GetValueOrDefault("direction") is SortDirection.Desc);
        }

        return (query, order);
    }

    /// <summary><c>row => values.Any(v => v.EntityId == row.Id)</c>, or its negation.</summary>
    private static Expression<Func<T, bool>> Exists<T>(IQueryable<CustomFieldValue> values, bool negate) where T : class, IEntity
    {
        var row = Expression.Parameter(typeof(T), "row");
        var value = Expression.Parameter(typeof(CustomFieldValue), "v");
        var sameRecord = Expression.Lambda<Func<CustomFieldValue, bool>>(
            Expression.Equal(Expression.Property(value, nameof(CustomFieldValue.EntityId)), Expression.Property(row, nameof(IEntity.Id))), value);
        Expression any = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(CustomFieldValue)],
            values.Expression, Expression.Quote(sameRecord));
        return Expression.Lambda<Func<T, bool>>(negate ? Expression.Not(any) : any, row);
    }

    /// <summary><c>row => values.Where(v => v.EntityId == row.Id).Select(v => v.SortKey).FirstOrDefault() ?? ""</c>.</summary>
    private static Expression<Func<T, string>> SortKeyOf<T>(IQueryable<CustomFieldValue> values) where T : class, IEntity
    {
        var row = Expression.Parameter(typeof(T), "row");
        var value = Expression.Parameter(typeof(CustomFieldValue), "v");
        var sameRecord = Expression.Lambda<Func<CustomFieldValue, bool>>(
            Expression.Equal(Expression.Property(value, nameof(CustomFieldValue.EntityId)), Expression.Property(row, nameof(IEntity.Id))), value);
        Expression<Func<CustomFieldValue, string>> sortKey = v => v.SortKey;
        var where = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(CustomFieldValue)], values.Expression, Expression.Quote(sameRecord));
        var select = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(CustomFieldValue), typeof(string)], where, Expression.Quote(sortKey));
        var first = Expression.Call(typeof(Queryable), nameof(Queryable.FirstOrDefault), [typeof(string)], select);
        return Expression.Lambda<Func<T, string>>(Expression.Coalesce(first, Expression.Constant(string.Empty)), row);
    }

    private static Expression<Func<CustomFieldValue, bool>> Condition(CustomFieldDefinition definition, Dictionary<string, object?> condition)
    {
        Expression<Func<CustomFieldValue, bool>> result = v => true;
        void And(Expression<Func<CustomFieldValue, bool>> next) =>
            result = Expression.Lambda<Func<CustomFieldValue, bool>>(Expression.AndAlso(result.Body, new Rebind(next.Parameters[0], result.Parameters[0]).Visit(next.Body)), result.Parameters);

        void Allowed(string part, params CustomFieldType[] types)
        {
            if (condition.GetValueOrDefault(part) is not null && !types.Contains(definition.Type))
            {
                throw new ExecutionError($"`{part}` does not apply to '{definition.Key}', a {definition.Type} field.") { Code = "INVALID_FILTER" };
            }
        }

        Allowed("equals", CustomFieldType.Text, CustomFieldType.Choice);
        Allowed("contains", CustomFieldType.Text);
        Allowed("atLeast", CustomFieldType.Number);
        Allowed("atMost", CustomFieldType.Number);
        Allowed("from", CustomFieldType.Date);
        Allowed("to", CustomFieldType.Date);
        Allowed("anyOf", CustomFieldType.Choice, CustomFieldType.MultiChoice);

        if (condition.GetValueOrDefault("equals") is string equals)
        {
            And(v => v.Text == equals);
        }

        if (condition.GetValueOrDefault("contains") is string contains)
        {
            var lowered = contains.ToLowerInvariant();
            And(v => v.Text!.ToLower().Contains(lowered));
        }

        // Numbers and dates compare by their sort keys, whose string order is the value order on every provider.
        if (condition.GetValueOrDefault("atLeast") is decimal atLeast)
        {
            var bound = CustomFieldRules.NumberSortKey(atLeast);
            And(v => string.Compare(v.SortKey, bound) >= 0);
        }

        if (condition.GetValueOrDefault("atMost") is decimal atMost)
        {
            var bound = CustomFieldRules.NumberSortKey(atMost);
            And(v => string.Compare(v.SortKey, bound) <= 0);
        }

        if (condition.GetValueOrDefault("from") is DateOnly from)
        {
            And(v => v.Date >= from);
        }

        if (condition.GetValueOrDefault("to") is DateOnly to)
        {
            And(v => v.Date <= to);
        }

        if (condition.GetValueOrDefault("anyOf") is System.Collections.IEnumerable anyOf)
        {
            var choices = anyOf.Cast<string>().ToList();
            if (definition.Type == CustomFieldType.Choice)
            {
                And(v => choices.Contains(v.Text!));
            }
            else
            {
                // |a|b| holds a when it contains |a|.
                var value = result.Parameters[0];
                var text = Expression.Property(value, nameof(CustomFieldValue.Text));
                var containsText = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
                var any = choices.Select(c => (Expression)Expression.Call(text, containsText, Expression.Constant($"{CustomFieldRules.ChoiceSeparator}{c}{CustomFieldRules.ChoiceSeparator}")))
                    .DefaultIfEmpty(Expression.Constant(false))
                    .Aggregate(Expression.OrElse);
                result = Expression.Lambda<Func<CustomFieldValue, bool>>(Expression.AndAlso(result.Body, any), result.Parameters);
            }
        }

        return result;
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
