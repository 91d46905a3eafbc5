using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Auditing;

namespace HeadlessSales.Api.Identity.GraphQL;

public sealed class IntegrationClientType : NodeType<IntegrationClient>
{
    public IntegrationClientType() : base("IntegrationClient", "An integration that gets tokens with the client-credentials grant and acts for this tenant.")
    {
        Field<NonNullGraphType<StringGraphType>>("clientId")
            .Description("The OAuth client id. The secret is shown only when created or rotated.").Resolve(ctx => ctx.Source.ClientId);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(ctx => ctx.Source.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Resolve(ctx => ctx.Source.Scopes);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("createdAt").Resolve(ctx => ctx.Source.CreatedAt);
        Field<UtcDateTimeGraphType>("secretRotatedAt").Resolve(ctx => ctx.Source.SecretRotatedAt);
        Field<UtcDateTimeGraphType>("revokedAt")
            .Description("Set once revoked: the client gets no tokens and its tokens stop working.").Resolve(ctx => ctx.Source.RevokedAt);
        // Reachable through node(id:) by any reader, so the type is for administrators only.
        this.AuthorizeEveryField(Scopes.OrgAdmin, MemberRole.Admin);
    }
}

/// <summary>A payload that carries a client secret, which is shown this once and never again.</summary>
public sealed record ClientSecretPayload(IntegrationClient? Client, string? Secret, IReadOnlyList<UserError> Errors) : IMutationOutcome
{
    IEnumerable<string> IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? IMutationOutcome.Changed => Client;
}

public abstract class ClientSecretPayloadType<TErrorUnion> : ObjectGraphType<ClientSecretPayload> where TErrorUnion : MutationErrorUnion
{
    protected ClientSecretPayloadType(string mutationName)
    {
        Name = $"{char.ToUpperInvariant(mutationName[0])}{mutationName[1..]}Payload";
        Field<IntegrationClientType>("integrationClient").Resolve(ctx => ctx.Source.Client);
        Field<StringGraphType>("clientSecret")
            .Description("The client secret. It is stored only as a hash: copy it now, it cannot be shown again.")
            .Resolve(ctx => ctx.Source.Secret);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TErrorUnion>>>>("errors").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class CreateIntegrationClientInputType : InputObjectGraphType
{
    public CreateIntegrationClientInputType()
    {
        Name = "CreateIntegrationClientInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes")
            .Description($"Any of: {string.Join(", ", Scopes.All)}.");
    }
}

public sealed class IntegrationClientIdInputType : InputObjectGraphType
{
    public IntegrationClientIdInputType()
    {
        Name = "IntegrationClientIdInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

public sealed class CreateIntegrationClientErrorType() : MutationErrorUnion("createIntegrationClient", typeof(ValidationErrorType));

public sealed class RotateIntegrationClientSecretErrorType() : MutationErrorUnion("rotateIntegrationClientSecret", typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class RevokeIntegrationClientErrorType() : MutationErrorUnion("revokeIntegrationClient", typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class CreateIntegrationClientPayloadType() : ClientSecretPayloadType<CreateIntegrationClientErrorType>("createIntegrationClient");

public sealed class RotateIntegrationClientSecretPayloadType() : ClientSecretPayloadType<RotateIntegrationClientSecretErrorType>("rotateIntegrationClientSecret");

public sealed class RevokeIntegrationClientPayloadType() : PayloadType<IntegrationClientType, IntegrationClient, RevokeIntegrationClientErrorType>("revokeIntegrationClient", "integrationClient");
