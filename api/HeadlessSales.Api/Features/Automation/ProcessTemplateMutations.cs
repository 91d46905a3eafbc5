using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>Installing an industry template: the tenant's whole process at once, so an admin's decision.</summary>
public sealed class ProcessTemplateMutations(TimeProvider clock, ProcessTemplateInstaller installer) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<InstallProcessTemplatePayloadType>>("installProcessTemplate")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Installs an industry template in one transaction: adds the tags, pipeline, gates, health targets and rules the tenant lacks and records them as the template's. Idempotent: what is there is left alone, and an item the tenant has differently is kept (a CONFLICT in the answer), never overwritten.")
            .Argument<NonNullGraphType<InstallProcessTemplateInputType>>("input")
            .ResolveAsync(async ctx => await InstallAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<TemplatePlan>> InstallAsync(IResolveFieldContext ctx, InputFields input)
    {
        var code = input.Get<string>("code") ?? string.Empty;
        if (ProcessTemplateCatalog.Find(code) is not { } template)
        {
            return MutationPayload.Failure(new UnknownCodeError(input.PathOf("code"), code));
        }

        await using var db = ctx.Database();
        return MutationPayload.Success(await installer.InstallAsync(db, template, ctx.TenantId(), clock.GetUtcNow().UtcDateTime, ctx.CancellationToken));
    }
}
