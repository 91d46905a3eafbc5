using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

public sealed class CustomFieldDefinitionQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<CustomFieldDefinitionType>>>("customFieldDefinitions")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's custom fields, in the order they were defined: every reader needs them to read and write records.")
            .PagingArguments()
            .Argument<CustomFieldEntityType>("entity", "Only the fields of this kind of record.")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var definitions = db.CustomFieldDefinitions.AsNoTracking();
                if (ctx.GetArgument<CustomFieldEntity?>("entity") is { } entity)
                {
                    definitions = definitions.Where(d => d.Entity == entity);
                }

                var connection = await definitions.ToConnectionAsync(SortOrder<CustomFieldDefinition>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }
}
