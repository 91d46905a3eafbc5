using System.Globalization;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>CREATE: the tenant lacks it (a preview would add it; an install added it). PRESENT: there as in the template. CONFLICT: there differently, kept.</summary>
public enum TemplateItemOutcome
{
    Create,
    Present,
    Conflict,
}

/// <summary>One item of a template compared with the tenant: what installing does with it and why.</summary>
public sealed record TemplateItemPlan(TemplateItem Item, TemplateItemOutcome Outcome, string Detail, string? InstalledBy);

public sealed record TemplatePlan(ProcessTemplate Template, IReadOnlyList<TemplateItemPlan> Items)
{
    public int Count(TemplateItemOutcome outcome) => Items.Count(i => i.Outcome == outcome);
}

/// <summary>
/// Compares a template with the tenant and installs what is missing, each piece through its own feature's entity
/// methods: tags (Activities), the pipeline and its gates (Pipeline), health targets (ProcessHealth), rules (here, checked
/// by <see cref="RuleDefinition"/> like createAutomationRule). The tenant's version of an item always wins.
/// </summary>
public sealed class ProcessTemplateInstaller(StageGateChecker gates)
{
    public async Task<TemplatePlan> PreviewAsync(SalesDbContext db, ProcessTemplate template, CancellationToken cancellationToken) =>
        (await TenantState.ReadAsync(db, gates, template, cancellationToken)).Plan();

    /// <summary>One transaction: reads, compares, adds what is missing and records it. A concurrent install of the same item loses on a unique index and is retried once, seeing the winner's.</summary>
    public async Task<TemplatePlan> InstallAsync(SalesDbContext db, ProcessTemplate template, long tenantId, DateTime now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var state = await TenantState.ReadAsync(db, gates, template, cancellationToken);
                var plan = state.Plan();
                await state.ApplyAsync(db, plan, tenantId, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return plan with
                {
                    Items = plan.Items.Select(i => i.Outcome == TemplateItemOutcome.Create ? i with { InstalledBy = template.Code } : i).ToList(),
                };
            }
            catch (DbUpdateException exception) when (attempt == 1 && UniqueViolation.Is(exception))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
    }

    private sealed class TenantState
    {
        private ProcessTemplate _template = null!;
        private List<ActivityTag> _tags = [];
        private SalesPipeline? _pipeline;
        private List<PipelineStage> _stages = [];
        private HashSet<string> _unknownDocumentKinds = [];
        private ProcessHealthSettings? _settings;
        private List<AutomationRule> _rules = [];
        private Dictionary<(TemplateItemKind, string), ProcessTemplateInstallation> _installed = [];
        private Dictionary<CustomFieldEntity, List<CustomFieldDefinition>> _customFields = [];

        public static async Task<TenantState> ReadAsync(SalesDbContext db, StageGateChecker gates, ProcessTemplate template, CancellationToken cancellationToken)
        {
            var state = new TenantState { _template = template };
            var codes = template.Tags.Select(t => t.Code).ToList();
            var names = template.Tags.Select(t => t.NameZh).ToList();
            state._tags = await db.ActivityTags.Where(t => codes.Contains(t.Code) || names.Contains(t.NameZh)).ToListAsync(cancellationToken);
            state._pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Code == template.Pipeline.Code, cancellationToken);
            if (state._pipeline is { } pipeline)
            {
                state._stages = await db.PipelineStages.Where(s => s.PipelineId == pipeline.Id).OrderBy(s => s.Position).ToListAsync(cancellationToken);
            }

            var kinds = template.Pipeline.Stages.SelectMany(s => s.Gate?.DocumentKinds ?? []).Distinct().ToList();
            state._unknownDocumentKinds = [.. (await gates.UnknownAsync(db, kinds, [], cancellationToken)).DocumentKinds];
            state._settings = await db.ProcessHealthSettings.FirstOrDefaultAsync(cancellationToken);
            state._installed = await db.ProcessTemplateInstallations.ToDictionaryAsync(i => (i.ItemKind, i.ItemKey), cancellationToken);
            var ruleIds = template.Rules.Select(r => state._installed.GetValueOrDefault((TemplateItemKind.Rule, r.Key))?.TargetId).OfType<long>().ToList();
            var ruleNames = template.Rules.Select(r => r.Draft.Name).ToList();
            state._rules = await db.AutomationRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id) || ruleNames.Contains(r.Name)).ToListAsync(cancellationToken);
            foreach (var subject in template.Rules.Select(r => RuleEventCatalog.Events[r.Draft.EventType].Subject).OfType<CustomFieldEntity>().Distinct())
            {
                state._customFields[subject] = await CustomFieldStore.DefinitionsAsync(db, subject, cancellationToken);
            }

            return state;
        }

        public TemplatePlan Plan()
        {
            var items = new List<TemplateItemPlan>();
            var pipelineOutcome = PipelineOutcome(out var pipelineDetail);
            foreach (var item in _template.Items)
            {
                var (outcome, detail) = item.Kind switch
                {
                    TemplateItemKind.Tag => Tag(_template.Tags.First(t => t.Code == item.Key)),
                    TemplateItemKind.Pipeline => (pipelineOutcome, pipelineDetail),
                    TemplateItemKind.StageGate => Gate(_template.Pipeline.Stages.First(s => _template.Pipeline.GateKey(s) == item.Key), pipelineOutcome),
                    TemplateItemKind.HealthTarget => HealthTarget(_template.HealthTargets.First(t => t.Metric.ToString() == item.Key)),
                    _ => Rule(_template.Rules.First(r => r.Key == item.Key)),
                };
                // A missing item's record is stale (the tenant removed or reset what a template made): it names no installer.
                var installedBy = outcome == TemplateItemOutcome.Create ? null : _installed.GetValueOrDefault((item.Kind, item.Key))?.TemplateCode;
                if (outcome == TemplateItemOutcome.Present)
                {
                    detail += installedBy is null ? " Not from a template." : $" Installed by template {installedBy}.";
                }

                items.Add(new TemplateItemPlan(item, outcome, detail, installedBy));
            }

            return new TemplatePlan(_template, items);
        }

        private (TemplateItemOutcome, string) Tag(TemplateTag wanted)
        {
            if (_tags.FirstOrDefault(t => t.Code == wanted.Code) is { } tag)
            {
                return tag switch
                {
                    { RetiredAt: not null } => (TemplateItemOutcome.Conflict, $"The tenant retired tag {tag.Code}; it stays retired."),
                    _ when tag.NameZh == wanted.NameZh && tag.NameEn == wanted.NameEn => (TemplateItemOutcome.Present, $"Tag {tag.Code} is there."),
                    _ => (TemplateItemOutcome.Conflict, $"The tenant's tag {tag.Code} is named '{tag.NameZh} / {tag.NameEn}'; the tenant's names are kept."),
                };
            }

            return _tags.FirstOrDefault(t => t.NameZh == wanted.NameZh && t.RetiredAt is null) is { } namesake
                ? (TemplateItemOutcome.Conflict, $"The tenant's tag {namesake.Code} is already named '{wanted.NameZh}'; {wanted.Code} is not added, so no two tags share a name.")
                : (TemplateItemOutcome.Create, $"Adds tag {wanted.Code} {wanted.NameZh}.");
        }

        private TemplateItemOutcome PipelineOutcome(out string detail)
        {
            var wanted = _template.Pipeline;
            if (_pipeline is null)
            {
                detail = $"Adds pipeline {wanted.Code} with {wanted.Stages.Count} stages.";
                return TemplateItemOutcome.Create;
            }

            for (var i = 0; i < Math.Max(wanted.Stages.Count, _stages.Count); i++)
            {
                var mine = i < wanted.Stages.Count ? wanted.Stages[i] : null;
                var theirs = i < _stages.Count ? _stages[i] : null;
                if (mine is null || theirs is null || mine.Code != theirs.Code || mine.Name != theirs.Name || mine.Probability != theirs.DefaultProbability)
                {
                    detail = $"The tenant's pipeline {wanted.Code} differs at stage {i + 1}: the tenant's is {Describe(theirs?.Code, theirs?.Name, theirs?.DefaultProbability)}, "
                        + $"the template's {Describe(mine?.Code, mine?.Name, mine?.Probability)}; the tenant's pipeline is kept.";
                    return TemplateItemOutcome.Conflict;
                }
            }

            detail = $"Pipeline {wanted.Code} is there with the template's stages.";
            return TemplateItemOutcome.Present;
        }

        private static string Describe(string? code, string? name, int? probability) =>
            code is null ? "none" : $"{code} {name} ({probability}%)";

        private (TemplateItemOutcome, string) Gate(TemplateStage wanted, TemplateItemOutcome pipeline)
        {
            var gate = wanted.Gate!;
            var unknown = gate.DocumentKinds.Where(_unknownDocumentKinds.Contains).ToList();
            if (unknown.Count > 0)
            {
                return (TemplateItemOutcome.Conflict, $"Document kinds {string.Join(", ", unknown)} are not in the tenant's catalog; the gate of {wanted.Code} is not set.");
            }

            if (pipeline == TemplateItemOutcome.Create)
            {
                return (TemplateItemOutcome.Create, $"Sets the gate of {wanted.Code}: {gate.Describe()}.");
            }

            var stage = _stages.FirstOrDefault(s => s.Code == wanted.Code);
            if (stage is null)
            {
                return (TemplateItemOutcome.Conflict, $"The tenant's pipeline {_template.Pipeline.Code} has no stage {wanted.Code}; no gate is set.");
            }

            if (stage.HasGateOf(gate.DocumentKinds, gate.Fields, []))
            {
                return (TemplateItemOutcome.Present, $"Stage {wanted.Code} has the template's gate.");
            }

            if (pipeline == TemplateItemOutcome.Conflict)
            {
                return (TemplateItemOutcome.Conflict, $"The tenant's pipeline differs from the template; the gate of its stage {wanted.Code} is left as the tenant has it.");
            }

            return stage.HasGate
                ? (TemplateItemOutcome.Conflict, $"The tenant's gate of {wanted.Code} asks for {string.Join(", ", stage.RequiredDocumentKinds.Concat(stage.RequiredFields.Select(f => f.ToString())).Concat(stage.RequiredApprovals))}; it is kept.")
                : (TemplateItemOutcome.Create, $"Sets the gate of {wanted.Code}: {gate.Describe()}.");
        }

        private (TemplateItemOutcome, string) HealthTarget(TemplateHealthTarget wanted)
        {
            var product = new ProcessHealthSettings().ThresholdOf(wanted.Metric).Target;
            var current = _settings?.ThresholdOf(wanted.Metric).Target ?? product;
            var shown = current.ToString(CultureInfo.InvariantCulture);
            if (Same(current, wanted.Target))
            {
                return (TemplateItemOutcome.Present, $"The tenant's target of {wanted.Metric} is {shown}.");
            }

            // A target still at the product's default was never tuned: the template may set it. A tuned one is the tenant's.
            return Same(current, product)
                ? (TemplateItemOutcome.Create, $"Sets the target of {wanted.Metric} from the default {shown} to {wanted.Target.ToString(CultureInfo.InvariantCulture)}.")
                : (TemplateItemOutcome.Conflict, $"The tenant's target of {wanted.Metric} is {shown}, the template's {wanted.Target.ToString(CultureInfo.InvariantCulture)}; the tenant's is kept.");
        }

        private static bool Same(double a, double b) => Math.Abs(a - b) < 1e-9;

        private AutomationRule? ExistingRule(TemplateRule wanted) =>
            (_installed.GetValueOrDefault((TemplateItemKind.Rule, wanted.Key))?.TargetId is { } id ? _rules.FirstOrDefault(r => r.Id == id) : null)
            ?? _rules.FirstOrDefault(r => r.Name == wanted.Draft.Name);

        private (TemplateItemOutcome, string) Rule(TemplateRule wanted)
        {
            if (ExistingRule(wanted) is { } rule)
            {
                return rule.Does(wanted.Draft)
                    ? (TemplateItemOutcome.Present, $"Rule '{rule.Name}' is there.")
                    : (TemplateItemOutcome.Conflict, $"The tenant's rule '{rule.Name}' differs from the template's; it is kept as the tenant has it.");
            }

            var subject = RuleEventCatalog.Events[wanted.Draft.EventType].Subject;
            var definitions = subject is { } kind ? _customFields[kind] : [];
            var errors = RuleDefinition.Check(wanted.Draft, definitions, _ => false, _ => false, path => path);
            return errors.Count > 0
                ? (TemplateItemOutcome.Conflict, $"Rule '{wanted.Draft.Name}' cannot be saved in this tenant: {string.Join(" ", errors.Select(e => e.Message))}")
                : (TemplateItemOutcome.Create, $"Adds rule '{wanted.Draft.Name}'.");
        }

        public async Task ApplyAsync(SalesDbContext db, TemplatePlan plan, long tenantId, DateTime now, CancellationToken cancellationToken)
        {
            var creating = plan.Items.Where(i => i.Outcome == TemplateItemOutcome.Create).Select(i => i.Item).ToList();
            if (creating.Count == 0)
            {
                return;
            }

            var made = new List<(TemplateItem Item, Func<long?> Target)>();
            foreach (var item in creating.Where(i => i.Kind == TemplateItemKind.Tag))
            {
                var wanted = _template.Tags.First(t => t.Code == item.Key);
                var tag = new ActivityTag { TenantId = tenantId, Code = wanted.Code, NameZh = wanted.NameZh, NameEn = wanted.NameEn, CreatedAt = now, UpdatedAt = now };
                db.ActivityTags.Add(tag);
                made.Add((item, () => tag.Id));
            }

            if (creating.FirstOrDefault(i => i.Kind == TemplateItemKind.Pipeline) is { } pipelineItem)
            {
                var wanted = _template.Pipeline;
                var pipeline = await PipelineSetup.AddAsync(db, tenantId, wanted.Code, wanted.Name, wanted.EnglishName, isDefault: false,
                    wanted.Stages.Select(s => new StageDefinition(s.Code, s.Name, s.EnglishName, s.Probability)).ToList(), now, cancellationToken);
                _stages = await db.PipelineStages.Where(s => s.PipelineId == pipeline.Id).OrderBy(s => s.Position).ToListAsync(cancellationToken);
                made.Add((pipelineItem, () => pipeline.Id));
            }

            foreach (var item in creating.Where(i => i.Kind == TemplateItemKind.StageGate))
            {
                var wanted = _template.Pipeline.Stages.First(s => _template.Pipeline.GateKey(s) == item.Key);
                var stage = _stages.First(s => s.Code == wanted.Code);
                stage.SetGate(wanted.Gate!.DocumentKinds, wanted.Gate.Fields, []);
                made.Add((item, () => stage.Id));
            }

            foreach (var item in creating.Where(i => i.Kind == TemplateItemKind.HealthTarget))
            {
                var wanted = _template.HealthTargets.First(t => t.Metric.ToString() == item.Key);
                _settings ??= db.ProcessHealthSettings.Add(new ProcessHealthSettings { TenantId = tenantId }).Entity;
                _settings.SetTarget(wanted.Metric, wanted.Target, now);
                made.Add((item, () => null));
            }

            foreach (var item in creating.Where(i => i.Kind == TemplateItemKind.Rule))
            {
                var wanted = _template.Rules.First(r => r.Key == item.Key);
                var rule = db.AutomationRules.Add(new AutomationRule { TenantId = tenantId, Name = wanted.Draft.Name, EventType = wanted.Draft.EventType, CreatedAt = now }).Entity;
                rule.Apply(wanted.Draft, now);
                made.Add((item, () => rule.Id));
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var (item, target) in made)
            {
                if (_installed.GetValueOrDefault((item.Kind, item.Key)) is { } record)
                {
                    // Made again after the tenant removed it: the record now names this install.
                    record.TemplateCode = _template.Code;
                    record.TargetId = target();
                    record.InstalledAt = now;
                }
                else
                {
                    db.ProcessTemplateInstallations.Add(new ProcessTemplateInstallation
                    {
                        TenantId = tenantId, TemplateCode = _template.Code, ItemKind = item.Kind, ItemKey = item.Key, TargetId = target(), InstalledAt = now,
                    });
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
