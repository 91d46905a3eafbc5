using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Identity.ExternalSignIn;

namespace HeadlessSales.Api.Identity.GraphQL;

/// <summary>The tenant's sign-in settings an admin reads: its external provider and its sign-in policy.</summary>
public sealed class ExternalSignInQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<ExternalSignInProviderType>("externalSignInProvider")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("The tenant's own OpenID Connect provider its members may sign in with; null when none is configured. The client secret is never shown.")
            .ResolveAsync(async ctx => await ctx.RequestServices!.GetRequiredService<ExternalSignInService>().FindAsync(ctx.TenantId(), ctx.CancellationToken));

        query.Field<NonNullGraphType<SignInPolicyType>>("signInPolicy")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("How the tenant's people must sign in.")
            .ResolveAsync(async ctx => await ctx.RequestServices!.GetRequiredService<SignInPolicyService>().GetAsync(ctx.TenantId(), ctx.CancellationToken));
    }
}

public sealed class ExternalSignInMutations : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ConfigureExternalSignInPayloadType>>("configureExternalSignIn")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Sets the tenant's own OpenID Connect provider (replacing any earlier one). Its discovery document is read first: a provider that cannot be reached is refused. Members then sign in with it when their e-mail matches the chosen claim; nobody is created.")
            .Argument<NonNullGraphType<ConfigureExternalSignInInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var displayName = input.RequiredText("displayName", 100);
                var issuer = input.RequiredText("issuer", 400);
                var clientId = input.RequiredText("clientId", 200);
                var clientSecret = input.OptionalText("clientSecret", 1000);
                var memberClaim = input.OptionalText("memberClaim", 100);
                var scopes = input.List<string>("scopes");
                if (!input.IsValid)
                {
                    return (MutationPayload<ExternalSignInProvider>)MutationPayload.Failure(input.Errors);
                }

                var (provider, errors) = await ctx.RequestServices!.GetRequiredService<ExternalSignInService>().ConfigureAsync(
                    ctx.TenantId(), new ExternalSignInSettings(displayName!, issuer!, clientId!, clientSecret, scopes, memberClaim), ctx.CancellationToken);
                return provider is null ? MutationPayload.Failure(errors) : MutationPayload.Success(provider);
            });

        mutation.Field<NonNullGraphType<RemoveExternalSignInPayloadType>>("removeExternalSignIn")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Removes the tenant's provider: the login page stops offering it, and sign-ins begun with it are refused when they come back.")
            .ResolveAsync(async ctx =>
            {
                var error = await ctx.RequestServices!.GetRequiredService<ExternalSignInService>().RemoveAsync(ctx.TenantId(), ctx.CancellationToken);
                return new ExternalSignInRemoved(error is null ? [] : [error]);
            });

        mutation.Field<NonNullGraphType<UpdateSignInPolicyPayloadType>>("updateSignInPolicy")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Changes how the tenant's people must sign in. With `requireAdminSecondFactor`, an admin without TOTP is made to enrol one at the login page before getting in.")
            .Argument<NonNullGraphType<UpdateSignInPolicyInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var policy = await ctx.RequestServices!.GetRequiredService<SignInPolicyService>()
                    .UpdateAsync(ctx.TenantId(), input.Get<bool?>("requireAdminSecondFactor"), ctx.CancellationToken);
                return MutationPayload.Success(policy);
            });
    }
}

public sealed record ExternalSignInRemoved(IReadOnlyList<Infrastructure.Errors.UserError> Errors) : Infrastructure.Auditing.IMutationOutcome
{
    IEnumerable<string> Infrastructure.Auditing.IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? Infrastructure.Auditing.IMutationOutcome.Changed => null;
}

public sealed class ExternalSignInProviderType : ObjectGraphType<ExternalSignInProvider>
{
    public ExternalSignInProviderType()
    {
        Name = "ExternalSignInProvider";
        Description = "A tenant's own OpenID Connect provider (the enterprise directory) its members may sign in with.";
        Field<NonNullGraphType<StringGraphType>>("displayName").Description("What the login page offers: \"Sign in with …\".").Resolve(ctx => ctx.Source.DisplayName);
        Field<NonNullGraphType<StringGraphType>>("issuer").Resolve(ctx => ctx.Source.Issuer);
        Field<NonNullGraphType<StringGraphType>>("clientId").Resolve(ctx => ctx.Source.ClientId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Resolve(ctx => ctx.Source.Scopes);
        Field<NonNullGraphType<StringGraphType>>("memberClaim")
            .Description("The claim of the provider's identity whose value must equal an active member's e-mail.").Resolve(ctx => ctx.Source.MemberClaim);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("updatedAt").Resolve(ctx => ctx.Source.UpdatedAt);
    }
}

public sealed class SignInPolicyType : ObjectGraphType<TenantSignInPolicy>
{
    public SignInPolicyType()
    {
        Name = "SignInPolicy";
        Description = "How a tenant's people must sign in.";
        Field<NonNullGraphType<BooleanGraphType>>("requireAdminSecondFactor")
            .Description("Admins must have a TOTP second factor; one without is made to enrol at the login page. External sign-in leaves the factors to the tenant's provider.")
            .Resolve(ctx => ctx.Source.RequireAdminSecondFactor);
    }
}

public sealed class ConfigureExternalSignInInputType : InputObjectGraphType
{
    public ConfigureExternalSignInInputType()
    {
        Name = "ConfigureExternalSignInInput";
        Field<NonNullGraphType<StringGraphType>>("displayName").Description("Shown on the login page, e.g. the company's directory name.");
        Field<NonNullGraphType<StringGraphType>>("issuer").Description("The provider's issuer, https.");
        Field<NonNullGraphType<StringGraphType>>("clientId").Description("The client id the provider issued for HeadlessSales; its redirect URI is `/account/external/callback` on this server.");
        Field<StringGraphType>("clientSecret").Description("The client secret it issued; kept encrypted, never shown again. Leave out to keep the current one.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("scopes").Description("Scopes to ask for; `openid email` by default, `openid` always.");
        Field<StringGraphType>("memberClaim").Description("The claim matched against members' e-mails; `email` by default.");
    }
}

public sealed class UpdateSignInPolicyInputType : InputObjectGraphType
{
    public UpdateSignInPolicyInputType()
    {
        Name = "UpdateSignInPolicyInput";
        Field<BooleanGraphType>("requireAdminSecondFactor");
    }
}

public sealed class ConfigureExternalSignInErrorType() : MutationErrorUnion("configureExternalSignIn", typeof(ValidationErrorType));

public sealed class RemoveExternalSignInErrorType() : MutationErrorUnion("removeExternalSignIn", typeof(InvalidStateErrorType));

public sealed class UpdateSignInPolicyErrorType() : MutationErrorUnion("updateSignInPolicy", typeof(ValidationErrorType));

public sealed class ConfigureExternalSignInPayloadType()
    : PayloadType<ExternalSignInProviderType, ExternalSignInProvider, ConfigureExternalSignInErrorType>("configureExternalSignIn", "externalSignInProvider");

public sealed class UpdateSignInPolicyPayloadType()
    : PayloadType<SignInPolicyType, TenantSignInPolicy, UpdateSignInPolicyErrorType>("updateSignInPolicy", "signInPolicy");

public sealed class RemoveExternalSignInPayloadType : ObjectGraphType<ExternalSignInRemoved>
{
    public RemoveExternalSignInPayloadType()
    {
        Name = "RemoveExternalSignInPayload";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RemoveExternalSignInErrorType>>>>("errors").Description("Why the mutation failed; empty on success.").Resolve(ctx => ctx.Source.Errors);
    }
}
