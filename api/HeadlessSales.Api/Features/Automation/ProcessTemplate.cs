using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.ProcessHealth;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// An industry's process as one declarative bundle: follow-up tags, a pipeline with its stages in order and their gates,
/// process-health targets and rules. Installing adds what the tenant lacks and keeps whatever the tenant has (NOTES.md).
/// </summary>
public sealed record ProcessTemplate(
    string Code,
    string Name,
    Industry Industry,
    string Description,
    IReadOnlyList<TemplateTag> Tags,
    TemplatePipeline Pipeline,
    IReadOnlyList<TemplateHealthTarget> HealthTargets,
    IReadOnlyList<TemplateRule> Rules)
{
    /// <summary>Every item the template installs, each with its key (unique across templates' items of its kind) and a one-line summary.</summary>
    public IEnumerable<TemplateItem> Items =>
    [
        .. Tags.Select(t => new TemplateItem(TemplateItemKind.Tag, t.Code, t.NameZh, $"跟进标签 {t.Code} {t.NameZh} / {t.NameEn}")),
        new TemplateItem(TemplateItemKind.Pipeline, Pipeline.Code, Pipeline.Name, $"{Pipeline.Name}: {string.Join(" → ", Pipeline.Stages.Select(s => $"{s.Name}({s.Code}, {s.Probability}%)"))}"),
        .. Pipeline.Stages.Where(s => s.Gate is not null).Select(s => new TemplateItem(TemplateItemKind.StageGate, Pipeline.GateKey(s), s.Name, $"进入 {s.Name} 前需要: {s.Gate!.Describe()}")),
        .. HealthTargets.Select(t => new TemplateItem(TemplateItemKind.HealthTarget, t.Metric.ToString(), t.Name, $"{t.Name} 目标 {t.Target}")),
        .. Rules.Select(r => new TemplateItem(TemplateItemKind.Rule, r.Key, r.Draft.Name, r.Summary)),
    ];
}

public enum TemplateItemKind
{
    Tag,
    Pipeline,
    StageGate,
    HealthTarget,
    Rule,
}

/// <summary>What a template installs, before it is compared with the tenant.</summary>
public sealed record TemplateItem(TemplateItemKind Kind, string Key, string Name, string Summary);

public sealed record TemplateTag(string Code, string NameZh, string NameEn);

public sealed record TemplatePipeline(string Code, string Name, string EnglishName, IReadOnlyList<TemplateStage> Stages)
{
    public string GateKey(TemplateStage stage) => $"{Code}/{stage.Code}";
}

public sealed record TemplateStage(string Code, string Name, string EnglishName, int Probability, TemplateGate? Gate = null);

/// <summary>What an opportunity needs to enter the stage: documents of these kinds and these fields filled in.</summary>
public sealed record TemplateGate(IReadOnlyList<string> DocumentKinds, IReadOnlyList<OpportunityGateField> Fields)
{
    public string Describe() => string.Join(", ", DocumentKinds.Select(k => $"文档 {k}").Concat(Fields.Select(f => $"字段 {f}")));
}

/// <summary>The tenant-wide target of a process-health metric (alerts are raised against it).</summary>
public sealed record TemplateHealthTarget(ProcessMetric Metric, string Name, double Target);

/// <summary>A rule the template installs; <see cref="Key"/> names it across templates, the draft is what createAutomationRule would take.</summary>
public sealed record TemplateRule(string Key, RuleDraft Draft, string Summary);
