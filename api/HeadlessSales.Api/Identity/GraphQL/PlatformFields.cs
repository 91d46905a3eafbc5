using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Identity.GraphQL;

/// <summary>
/// The platform operator's fields. They need the <see cref="Scopes.PlatformOperator"/> scope, which only an operator's
/// token carries: a tenant's admin or integration is refused, and an operator's token reaches no tenant's data.
/// </summary>
public sealed class PlatformQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<PlatformTenantType>>>("platformTenants")
            .Authorize(Scopes.PlatformOperator)
            .Description("Every tenant of the platform, suspended ones included. Platform operators only.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.RequestServices!.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
                var connection = await db.Tenants.AsNoTracking()
                    .ToConnectionAsync(SortOrder<Tenant>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }
}

public sealed class PlatformMutations : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateTenantPayloadType>>("createTenant")
            .Authorize(Scopes.PlatformOperator)
            .Description("Creates a tenant and its first admin, who gets an invitation by e-mail; with `industry`, also that industry's starter set. Platform operators only.")
            .Argument<NonNullGraphType<CreateTenantInputType>>("input")
            .ResolveAsync(async ctx => await CreateAsync(ctx));

        mutation.Field<NonNullGraphType<SuspendTenantPayloadType>>("suspendTenant")
            .Authorize(Scopes.PlatformOperator)
            .Description("Suspends a tenant: its people cannot sign in, its tokens stop working and its live sessions close. Platform operators only.")
            .Argument<NonNullGraphType<TenantSlugInputType>>("input")
            .ResolveAsync(async ctx => await SetSuspendedAsync(ctx, suspended: true));

        mutation.Field<NonNullGraphType<ResumeTenantPayloadType>>("resumeTenant")
            .Authorize(Scopes.PlatformOperator)
            .Description("Lifts a tenant's suspension. Platform operators only.")
            .Argument<NonNullGraphType<TenantSlugInputType>>("input")
            .ResolveAsync(async ctx => await SetSuspendedAsync(ctx, suspended: false));
    }

    private static async Task<MutationPayload<Tenant>> CreateAsync(IResolveFieldContext ctx)
    {
        var input = ctx.GetInput();
        var slug = input.RequiredText("slug", 64);
        var name = input.RequiredText("name", 200);
        var timeZone = input.RequiredText("timeZone", 64);
        var adminName = input.RequiredText("adminName", 100);
        var adminEmail = ContactDetails.NormalizeEmail(input.RequiredText("adminEmail", ContactDetails.EmailMaxLength));
        var industry = input.OptionalText("industry", 64);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var (tenant, errors) = await ctx.RequestServices!.GetRequiredService<TenantProvisioningService>()
            .CreateAsync(new NewTenant(slug!, name!, timeZone!, adminName!, adminEmail!, industry), ctx.Actor().ClientId!, ctx.CancellationToken);
        return tenant is null ? MutationPayload.Failure(errors) : MutationPayload.Success(tenant);
    }

    private static async Task<MutationPayload<Tenant>> SetSuspendedAsync(IResolveFieldContext ctx, bool suspended)
    {
        var input = ctx.GetInput();
        var slug = input.RequiredText("slug", 64);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var (tenant, error) = await ctx.RequestServices!.GetRequiredService<TenantProvisioningService>()
            .SetSuspendedAsync(slug!, suspended, ctx.Actor().ClientId!, ctx.CancellationToken);
        return tenant is null ? MutationPayload.Failure(error!) : MutationPayload.Success(tenant);
    }
}

/// <summary>A tenant as the platform operator sees it: not a node, since it is read across tenants, never through <c>node(id:)</c>.</summary>
public sealed class PlatformTenantType : ObjectGraphType<Tenant>
{
    public PlatformTenantType()
    {
        Name = "PlatformTenant";
        Description = "A tenant as the platform operator sees it.";
        Field<NonNullGraphType<StringGraphType>>("slug").Resolve(ctx => ctx.Source.Slug);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(ctx => ctx.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("timeZone").Resolve(ctx => ctx.Source.TimeZone);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("createdAt").Resolve(ctx => ctx.Source.CreatedAt);
        Field<UtcDateTimeGraphType>("suspendedAt")
            .Description("Set while suspended: nobody of the tenant signs in and its tokens do not work.").Resolve(ctx => ctx.Source.SuspendedAt);
    }
}

/// <summary><c>{ tenant, errors }</c>: the tenant straight from the payload, since the operator reads no tenant through the node loaders.</summary>
public abstract class PlatformTenantPayloadType<TErrorUnion> : ObjectGraphType<MutationPayload<Tenant>> where TErrorUnion : MutationErrorUnion
{
    protected PlatformTenantPayloadType(string mutationName)
    {
        Name = $"{char.ToUpperInvariant(mutationName[0])}{mutationName[1..]}Payload";
        Field<PlatformTenantType>("tenant").Description("The tenant; null when the mutation failed.").Resolve(ctx => ctx.Source.Value);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TErrorUnion>>>>("errors").Description("Why the mutation failed; empty on success.").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class CreateTenantInputType : InputObjectGraphType
{
    public CreateTenantInputType()
    {
        Name = "CreateTenantInput";
        Field<NonNullGraphType<StringGraphType>>("slug").Description("3 to 40 lower-case letters, digits and inner hyphens; unique on the platform.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("timeZone").Description("IANA time zone of the head office, e.g. Asia/Shanghai.");
        Field<NonNullGraphType<StringGraphType>>("adminName");
        Field<NonNullGraphType<StringGraphType>>("adminEmail").Description("Where the first admin's invitation is sent.");
        Field<StringGraphType>("industry").Description("An industry whose starter set (pipeline, tags, gates, assignment rules) the tenant starts with.");
    }
}

public sealed class TenantSlugInputType : InputObjectGraphType
{
    public TenantSlugInputType()
    {
        Name = "TenantSlugInput";
        Field<NonNullGraphType<StringGraphType>>("slug");
    }
}

public sealed class CreateTenantErrorType() : MutationErrorUnion("createTenant", typeof(ValidationErrorType), typeof(DuplicateErrorType));

public sealed class SuspendTenantErrorType() : MutationErrorUnion("suspendTenant", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class ResumeTenantErrorType() : MutationErrorUnion("resumeTenant", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class CreateTenantPayloadType() : PlatformTenantPayloadType<CreateTenantErrorType>("createTenant");

public sealed class SuspendTenantPayloadType() : PlatformTenantPayloadType<SuspendTenantErrorType>("suspendTenant");

public sealed class ResumeTenantPayloadType() : PlatformTenantPayloadType<ResumeTenantErrorType>("resumeTenant");
