using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.Identity.GraphQL;

/// <summary>An admin's own TOTP second factor: enrol, confirm, disable. Each acts on the caller's credentials only.</summary>
public sealed class SecondFactorMutations : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<EnrollTotpPayloadType>>("enrollTotp")
            .Authorize(Scopes.SalesRead, MemberRole.Admin)
            .Description("Starts the signed-in admin's TOTP second factor: a new secret (RFC 6238, SHA-1, 6 digits, 30 s) for an authenticator app, shown once. Nothing changes at sign-in until `confirmTotp`.")
            .Argument<NonNullGraphType<EnrollTotpInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var password = input.RequiredText("currentPassword", PasswordPolicy.MaxLength);
                if (!input.IsValid || OwnMember(ctx) is not { } actor)
                {
                    return new TotpEnrolled(null, input.IsValid ? [NotAMember] : input.Errors);
                }

                var (enrolment, error) = await ctx.RequestServices!.GetRequiredService<SecondFactorService>()
                    .EnrollAsync(actor.TenantId, actor.MemberId!.Value, password!, ctx.CancellationToken);
                return new TotpEnrolled(enrolment, error is null ? [] : [error]);
            });

        mutation.Field<NonNullGraphType<ConfirmTotpPayloadType>>("confirmTotp")
            .Authorize(Scopes.SalesRead, MemberRole.Admin)
            .Description("Turns the enrolled secret on with a first code from the app; from then on signing in needs a code. Returns the recovery codes, once.")
            .Argument<NonNullGraphType<ConfirmTotpInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var code = input.RequiredText("code", 20);
                if (!input.IsValid || OwnMember(ctx) is not { } actor)
                {
                    return new TotpConfirmed(null, input.IsValid ? [NotAMember] : input.Errors);
                }

                var (codes, error) = await ctx.RequestServices!.GetRequiredService<SecondFactorService>()
                    .ConfirmAsync(actor.TenantId, actor.MemberId!.Value, code!, ctx.CancellationToken);
                return new TotpConfirmed(codes, error is null ? [] : [error]);
            });

        mutation.Field<NonNullGraphType<DisableTotpPayloadType>>("disableTotp")
            .Authorize(Scopes.SalesRead, MemberRole.Admin)
            .Description("Turns the caller's second factor off, with the password and a code (or a recovery code); the recovery codes stop working.")
            .Argument<NonNullGraphType<DisableTotpInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var password = input.RequiredText("currentPassword", PasswordPolicy.MaxLength);
                var code = input.RequiredText("code", 20);
                if (!input.IsValid || OwnMember(ctx) is not { } actor)
                {
                    return new TotpDisabled(input.IsValid ? [NotAMember] : input.Errors);
                }

                var error = await ctx.RequestServices!.GetRequiredService<SecondFactorService>()
                    .DisableAsync(actor.TenantId, actor.MemberId!.Value, password!, code!, ctx.CancellationToken);
                return new TotpDisabled(error is null ? [] : [error]);
            });
    }

    private static readonly InvalidStateError NotAMember = new("Only a signed-in member has a second factor.");

    private static Actor? OwnMember(IResolveFieldContext ctx) => ctx.Actor() is { Kind: ActorKind.Member } actor ? actor : null;
}

public sealed record TotpEnrolled(TotpEnrolment? Enrolment, IReadOnlyList<UserError> Errors) : Infrastructure.Auditing.IMutationOutcome
{
    IEnumerable<string> Infrastructure.Auditing.IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? Infrastructure.Auditing.IMutationOutcome.Changed => null;
}

public sealed record TotpConfirmed(IReadOnlyList<string>? RecoveryCodes, IReadOnlyList<UserError> Errors) : Infrastructure.Auditing.IMutationOutcome
{
    IEnumerable<string> Infrastructure.Auditing.IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? Infrastructure.Auditing.IMutationOutcome.Changed => null;
}

public sealed record TotpDisabled(IReadOnlyList<UserError> Errors) : Infrastructure.Auditing.IMutationOutcome
{
    IEnumerable<string> Infrastructure.Auditing.IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? Infrastructure.Auditing.IMutationOutcome.Changed => null;
}

public sealed class EnrollTotpInputType : InputObjectGraphType
{
    public EnrollTotpInputType()
    {
        Name = "EnrollTotpInput";
        Field<NonNullGraphType<StringGraphType>>("currentPassword").Description("Proves the session's owner is at the keyboard.");
    }
}

public sealed class ConfirmTotpInputType : InputObjectGraphType
{
    public ConfirmTotpInputType()
    {
        Name = "ConfirmTotpInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("The six digits the app shows for the new secret.");
    }
}

public sealed class DisableTotpInputType : InputObjectGraphType
{
    public DisableTotpInputType()
    {
        Name = "DisableTotpInput";
        Field<NonNullGraphType<StringGraphType>>("currentPassword");
        Field<NonNullGraphType<StringGraphType>>("code").Description("A code of the app, or an unused recovery code.");
    }
}

public sealed class EnrollTotpErrorType() : MutationErrorUnion("enrollTotp", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class ConfirmTotpErrorType() : MutationErrorUnion("confirmTotp", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class DisableTotpErrorType() : MutationErrorUnion("disableTotp", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class EnrollTotpPayloadType : ObjectGraphType<TotpEnrolled>
{
    public EnrollTotpPayloadType()
    {
        Name = "EnrollTotpPayload";
        Field<StringGraphType>("secret").Description("Base32, for typing into the app; shown once.").Resolve(ctx => ctx.Source.Enrolment?.Secret);
        Field<StringGraphType>("otpauthUri").Description("`otpauth://totp/…`, for a QR code; shown once.").Resolve(ctx => ctx.Source.Enrolment?.OtpauthUri);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnrollTotpErrorType>>>>("errors").Description("Why the mutation failed; empty on success.").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class ConfirmTotpPayloadType : ObjectGraphType<TotpConfirmed>
{
    public ConfirmTotpPayloadType()
    {
        Name = "ConfirmTotpPayload";
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("recoveryCodes").Description("Eight single-use codes for a lost authenticator; shown once, stored only as hashes.").Resolve(ctx => ctx.Source.RecoveryCodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ConfirmTotpErrorType>>>>("errors").Description("Why the mutation failed; empty on success.").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class DisableTotpPayloadType : ObjectGraphType<TotpDisabled>
{
    public DisableTotpPayloadType()
    {
        Name = "DisableTotpPayload";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DisableTotpErrorType>>>>("errors").Description("Why the mutation failed; empty on success.").Resolve(ctx => ctx.Source.Errors);
    }
}
