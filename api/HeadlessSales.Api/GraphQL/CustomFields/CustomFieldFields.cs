using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.GraphQL.CustomFields;

public static class CustomFieldFields
{
    /// <summary>Adds <c>customFields</c> and <c>customField(key:)</c> to a record's type; the record's own visibility covers them.</summary>
    public static void AddCustomFields<TSource>(this ObjectGraphType<TSource> type, CustomFieldEntity entity) where TSource : IEntity
    {
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomFieldValueType>>>>("customFields")
            .Description("The tenant's custom fields that have a value on this record, in the order they were defined.")
            .Resolve(ctx =>
            {
                var pending = ctx.DataLoader<CustomFieldValuesDataLoader>().LoadAsync((entity, ctx.Source.Id));
                return new DeferredResult<List<CustomFieldValueView>>(async cancellationToken => await pending.GetResultAsync(cancellationToken) ?? []);
            });
        type.Field<CustomFieldValueType>("customField")
            .Description("One custom field's value by its key; null when it has none.")
            .Argument<NonNullGraphType<StringGraphType>>("key")
            .Resolve(ctx =>
            {
                var key = ctx.GetArgument<string>("key");
                var pending = ctx.DataLoader<CustomFieldValuesDataLoader>().LoadAsync((entity, ctx.Source.Id));
                return new DeferredResult<CustomFieldValueView?>(async cancellationToken => (await pending.GetResultAsync(cancellationToken))?.FirstOrDefault(v => v.Definition.Key == key));
            });
    }
}
