using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>The industry templates and what installing one would do in the caller's tenant; reading writes nothing.</summary>
public sealed class ProcessTemplateQueries(ProcessTemplateInstaller installer) : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcessTemplateType>>>>("processTemplates")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("The industry templates, each with everything it installs. A fixed catalog, not paged.")
            .Resolve(_ => ProcessTemplateCatalog.Templates);

        query.Field<NonNullGraphType<TemplatePlanType>>("previewProcessTemplate")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("What installing the template would do, item by item: add it (missing), nothing (present as in the template) or nothing (a conflict: the tenant's differs and is kept). Writes nothing. An unknown code is the error UNKNOWN_CODE.")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .ResolveAsync(async ctx =>
            {
                var code = ctx.GetArgument<string>("code");
                var template = ProcessTemplateCatalog.Find(code)
                    ?? throw new ExecutionError($"'{code}' is not a template; the templates are {string.Join(", ", ProcessTemplateCatalog.Templates.Select(t => t.Code))}.") { Code = "UNKNOWN_CODE" };
                await using var db = ctx.Database();
                return await installer.PreviewAsync(db, template, ctx.CancellationToken);
            });
    }
}
