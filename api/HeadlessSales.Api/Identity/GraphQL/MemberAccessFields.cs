using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Identity.GraphQL;

/// <summary>How people get in: invitations, password links, password changes.</summary>
public sealed class MemberAccessMutations : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<InviteMemberPayloadType>>("inviteMember")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Sends a member an e-mail with a single-use link to set their password, valid for 7 days; an earlier invitation stops working.")
            .Argument<NonNullGraphType<InviteMemberInputType>>("input")
            .ResolveAsync(async ctx => await InviteAsync(ctx));

        mutation.Field<NonNullGraphType<AcceptInvitationPayloadType>>("acceptInvitation")
            .AllowAnonymous()
            .Description("Sets the invited member's password with the token of their invitation link, which then stops working.")
            .Argument<NonNullGraphType<SetPasswordInputType>>("input")
            .ResolveAsync(async ctx => await SetPasswordAsync(ctx));

        mutation.Field<NonNullGraphType<RequestPasswordResetPayloadType>>("requestPasswordReset")
            .AllowAnonymous()
            .Description("E-mails a single-use link, valid for an hour, to set a new password, when the tenant has an active member of that e-mail. The answer is the same either way.")
            .Argument<NonNullGraphType<RequestPasswordResetInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var tenant = input.RequiredText("tenant", 64);
                var email = input.RequiredText("email", ContactDetails.EmailMaxLength);
                if (!input.IsValid)
                {
                    return new PasswordResetRequested(input.Errors);
                }

                await ctx.RequestServices!.GetRequiredService<MemberAccessService>().RequestResetAsync(tenant!, email!, ctx.CancellationToken);
                return new PasswordResetRequested([]);
            });

        mutation.Field<NonNullGraphType<ResetPasswordPayloadType>>("resetPassword")
            .AllowAnonymous()
            .Description("Sets a new password with the token of a reset link, which then stops working; every session of the member ends.")
            .Argument<NonNullGraphType<SetPasswordInputType>>("input")
            .ResolveAsync(async ctx => await SetPasswordAsync(ctx));

        mutation.Field<NonNullGraphType<ChangePasswordPayloadType>>("changePassword")
            .Authorize(Scopes.SalesRead)
            .Description("The signed-in member changes their own password.")
            .Argument<NonNullGraphType<ChangePasswordInputType>>("input")
            .ResolveAsync(async ctx => await ChangePasswordAsync(ctx));
    }

    private static async Task<MutationPayload<Member>> InviteAsync(IResolveFieldContext ctx)
    {
        var input = ctx.GetInput();
        var id = input.Id("memberId", "Member");
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        // Another tenant's member is not found, exactly as one that never existed.
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == id, ctx.CancellationToken);
        if (member is null)
        {
            return input.NotFoundPayload("memberId");
        }

        if (!member.Active)
        {
            return MutationPayload.Failure(new InvalidStateError("A deactivated member cannot be invited."));
        }

        var tenantName = await db.Tenants.Where(t => t.Id == member.TenantId).Select(t => t.Name).FirstAsync(ctx.CancellationToken);
        await ctx.RequestServices!.GetRequiredService<MemberAccessService>().InviteAsync(db, member, tenantName, ctx.CancellationToken);
        return MutationPayload.Success(member);
    }

    private static async Task<PasswordSetResult> SetPasswordAsync(IResolveFieldContext ctx)
    {
        var input = ctx.GetInput();
        var token = input.RequiredText("token", 200);
        var password = input.RequiredText("password", PasswordPolicy.MaxLength);
        if (!input.IsValid)
        {
            return new PasswordSetResult(null, input.Errors);
        }

        var (set, error) = await ctx.RequestServices!.GetRequiredService<MemberAccessService>().SetPasswordAsync(token!, password!, ctx.CancellationToken);
        return new PasswordSetResult(set, error is null ? [] : [error]);
    }

    private static async Task<PasswordChanged> ChangePasswordAsync(IResolveFieldContext ctx)
    {
        var input = ctx.GetInput();
        var current = input.RequiredText("currentPassword", PasswordPolicy.MaxLength);
        var next = input.RequiredText("newPassword", PasswordPolicy.MaxLength);
        if (!input.IsValid)
        {
            return new PasswordChanged(input.Errors);
        }

        var actor = ctx.Actor();
        if (actor.Kind != ActorKind.Member)
        {
            return new PasswordChanged([new InvalidStateError("Only a signed-in member has a password to change.")]);
        }

        var error = await ctx.RequestServices!.GetRequiredService<MemberAccessService>()
            .ChangePasswordAsync(actor.TenantId, actor.MemberId!.Value, current!, next!, ctx.CancellationToken);
        return new PasswordChanged(error is null ? [] : [error]);
    }
}

public sealed record PasswordSetResult(PasswordSet? Set, IReadOnlyList<UserError> Errors) : Infrastructure.Auditing.IMutationOutcome
{
    IEnumerable<string> Infrastructure.Auditing.IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? Infrastructure.Auditing.IMutationOutcome.Changed => null;
}

public sealed record PasswordResetRequested(IReadOnlyList<UserError> Errors) : Infrastructure.Auditing.IMutationOutcome
{
    IEnumerable<string> Infrastructure.Auditing.IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? Infrastructure.Auditing.IMutationOutcome.Changed => null;
}

public sealed record PasswordChanged(IReadOnlyList<UserError> Errors) : Infrastructure.Auditing.IMutationOutcome
{
    IEnumerable<string> Infrastructure.Auditing.IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? Infrastructure.Auditing.IMutationOutcome.Changed => null;
}

public sealed class InviteMemberInputType : InputObjectGraphType
{
    public InviteMemberInputType()
    {
        Name = "InviteMemberInput";
        Field<NonNullGraphType<IdGraphType>>("memberId").Description("An active member of the tenant, e.g. one just made with `createMember`.");
    }
}

public sealed class SetPasswordInputType : InputObjectGraphType
{
    public SetPasswordInputType()
    {
        Name = "SetPasswordInput";
        Field<NonNullGraphType<StringGraphType>>("token").Description("The token of the link the e-mail carried.");
        Field<NonNullGraphType<StringGraphType>>("password")
            .Description($"{PasswordPolicy.MinLength} to {PasswordPolicy.MaxLength} characters, letters mixed with digits or symbols, not the e-mail address.");
    }
}

public sealed class RequestPasswordResetInputType : InputObjectGraphType
{
    public RequestPasswordResetInputType()
    {
        Name = "RequestPasswordResetInput";
        Field<NonNullGraphType<StringGraphType>>("tenant").Description("The tenant's slug, as on the sign-in page.");
        Field<NonNullGraphType<StringGraphType>>("email");
    }
}

public sealed class ChangePasswordInputType : InputObjectGraphType
{
    public ChangePasswordInputType()
    {
        Name = "ChangePasswordInput";
        Field<NonNullGraphType<StringGraphType>>("currentPassword");
        Field<NonNullGraphType<StringGraphType>>("newPassword");
    }
}

public sealed class InviteMemberErrorType() : MutationErrorUnion("inviteMember", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class InviteMemberPayloadType() : PayloadType<MemberType, Member, InviteMemberErrorType>("inviteMember", "member");

public abstract class PasswordSetPayloadType<TErrorUnion> : ObjectGraphType<PasswordSetResult> where TErrorUnion : MutationErrorUnion
{
    protected PasswordSetPayloadType(string mutationName)
    {
        Name = $"{char.ToUpperInvariant(mutationName[0])}{mutationName[1..]}Payload";
        Field<StringGraphType>("tenant").Description("The slug of the tenant to sign in to; null when the mutation failed.").Resolve(ctx => ctx.Source.Set?.TenantSlug);
        Field<StringGraphType>("email").Description("The e-mail to sign in with; null when the mutation failed.").Resolve(ctx => ctx.Source.Set?.Email);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TErrorUnion>>>>("errors").Description("Why the mutation failed; empty on success.").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class AcceptInvitationErrorType() : MutationErrorUnion("acceptInvitation", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class AcceptInvitationPayloadType() : PasswordSetPayloadType<AcceptInvitationErrorType>("acceptInvitation");

public sealed class ResetPasswordErrorType() : MutationErrorUnion("resetPassword", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class ResetPasswordPayloadType() : PasswordSetPayloadType<ResetPasswordErrorType>("resetPassword");

public sealed class RequestPasswordResetErrorType() : MutationErrorUnion("requestPasswordReset", typeof(ValidationErrorType));

public sealed class RequestPasswordResetPayloadType : ObjectGraphType<PasswordResetRequested>
{
    public RequestPasswordResetPayloadType()
    {
        Name = "RequestPasswordResetPayload";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RequestPasswordResetErrorType>>>>("errors")
            .Description("Only malformed input; whether the account exists is not told.").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class ChangePasswordErrorType() : MutationErrorUnion("changePassword", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class ChangePasswordPayloadType : ObjectGraphType<PasswordChanged>
{
    public ChangePasswordPayloadType()
    {
        Name = "ChangePasswordPayload";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChangePasswordErrorType>>>>("errors").Description("Why the mutation failed; empty on success.").Resolve(ctx => ctx.Source.Errors);
    }
}
