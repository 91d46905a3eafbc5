using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Enablement;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Segmentation;

/// <summary>Detecting accounts' sub-segments, reading and changing the lexicon, and the playbooks pushed to owners.</summary>
public sealed class SegmentationQueries : IQueryFields
{
    private const int MaxPlaybooks = 100;

    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentDetectionType>>>>("segmentDetections")
            .Authorize(Scopes.SalesRead)
            .Description($"The sub-segment the records of each account speak for, with the evidence, and a suggestion where the account lacks it or "
                + $"carries another. At most {SegmentEvidenceReader.MaxAccounts} accounts; an account the caller does not see is left out, as a missing one. "
                + "Evidence comes only from records the caller sees.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("accountIds")
            .ResolveAsync(async ctx =>
            {
                var given = ctx.GetArgument<List<string>>("accountIds") ?? [];
                if (given.Count > SegmentEvidenceReader.MaxAccounts)
                {
                    throw new ExecutionError($"At most {SegmentEvidenceReader.MaxAccounts} accounts at a time.") { Code = "VALIDATION_FAILED" };
                }

                // A malformed id or one of another type matches nothing, as an id of an account the caller cannot see.
                var ids = given.Select(id => GlobalId.TryDecode(id, "Account")).OfType<long>().ToList();
                await using var db = ctx.Database();
                return await SegmentEvidenceReader.DetectAsync(db, ids, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<SegmentLexiconType>>("segmentLexicon")
            .Authorize(Scopes.SalesRead)
            .Description("The keywords that detect each sub-segment (the built-in defaults until the tenant changes them).")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var lexicon = await SegmentLexicon.ReadAsync(db, ctx.CancellationToken);
                return new SegmentLexiconView(lexicon, ReferenceEquals(lexicon, SegmentLexicon.Defaults));
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentPlaybookType>>>>("segmentPlaybooks")
            .Authorize(Scopes.SalesRead)
            .Description($"Playbooks pushed to the owners of the accounts the caller sees, newest first (at most {MaxPlaybooks}).")
            .Argument<IntGraphType>("first", arg => arg.DefaultValue = 20)
            .ResolveAsync(async ctx =>
            {
                var first = Math.Clamp(ctx.GetArgument("first", 20), 0, MaxPlaybooks);
                await using var db = ctx.Database();
                return await db.SegmentPlaybookPushes.AsNoTracking().OrderByDescending(p => p.Id).Take(first).ToListAsync(ctx.CancellationToken);
            });
    }
}

public sealed class SegmentationMutations(TimeProvider clock) : IMutationFields
{
    private const int PushedCases = 5;
    private const int PushedTalkTracks = 20;

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AcceptSegmentSuggestionPayloadType>>("acceptSegmentSuggestion")
            .Authorize(Scopes.SalesWrite)
            .Description("Sets an account's sub-segment (and industry) to the one its records suggest, and pushes the sub-segment's approved won cases "
                + "and talk tracks to the account's owner (`segmentPlaybooks`). INVALID_STATE when there is no suggestion (confirmed or undetermined).")
            .Argument<NonNullGraphType<AcceptSegmentSuggestionInputType>>("input")
            .ResolveAsync(async ctx => await AcceptAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateSegmentLexiconPayloadType>>("updateSegmentLexicon")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Replaces the keywords of one sub-segment (an empty list removes it). The tenant's first change copies the defaults, so it owns every entry after.")
            .Argument<NonNullGraphType<UpdateSegmentLexiconInputType>>("input")
            .ResolveAsync(async ctx => await UpdateLexiconAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<SegmentPlaybookPush>> AcceptAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var id = input.Id("accountId", "Account");
        var account = id is null ? null : await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return input.NotFoundPayload("accountId");
        }

        var detection = (await SegmentEvidenceReader.DetectAsync(db, [account.Id], ct)).Single();
        if (!detection.IsSuggestion)
        {
            return MutationPayload.Failure(new InvalidStateError(detection.Status == SegmentDetectionStatus.Confirmed
                ? $"The account is already in {detection.Detected!.SubSegment}."
                : "The account's records suggest no sub-segment."));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var segment = detection.Detected!;
        (account.SubSegment, account.Industry, account.UpdatedAt) = (segment.SubSegment, segment.Industry, now);
        var cases = await db.WonCases.AsNoTracking()
            .Where(c => c.Status == WonCaseStatus.Approved && c.SubSegment == segment.SubSegment)
            .OrderByDescending(c => c.ApprovedAt).ThenByDescending(c => c.Id).Take(PushedCases)
            .Select(c => new { c.Id, c.TalkTracks }).ToListAsync(ct);
        var actor = ctx.Actor();
        var push = new SegmentPlaybookPush
        {
            TenantId = account.TenantId,
            AccountId = account.Id,
            OwnerId = account.OwnerId,
            SubSegment = segment.SubSegment,
            CaseIds = cases.Select(c => c.Id).ToList(),
            TalkTracks = cases.SelectMany(c => c.TalkTracks).Distinct().Take(PushedTalkTracks).ToList(),
            AcceptedById = actor.Kind == ActorKind.Member ? actor.MemberId : null,
            PushedAt = now,
        };
        db.SegmentPlaybookPushes.Add(push);
        db.Journal(new AccountChanged(account.TenantId, account.Id, account.OwnerId, AccountChangeKind.Updated, now));
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(push);
    }

    private static async Task<MutationPayload<SegmentLexiconView>> UpdateLexiconAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        var subSegment = input.RequiredText("subSegment", SegmentLexicon.SubSegmentMaxLength);
        var industry = input.Get<Industry>("industry");
        var keywords = new List<(string Keyword, int Weight)>();
        var given = input.List<Dictionary<string, object?>>("keywords") ?? [];
        if (given.Count > SegmentLexicon.MaxKeywordsPerSubSegment)
        {
            input.Invalid("keywords", $"At most {SegmentLexicon.MaxKeywordsPerSubSegment} keywords.");
        }

        foreach (var (item, index) in given.Select((item, index) => (item, index)))
        {
            var fields = new InputFields(item, input.PathOf($"keywords[{index}]"));
            var keyword = fields.RequiredText("keyword", SegmentLexicon.KeywordMaxLength);
            var weight = fields.Get<int?>("weight") ?? 1;
            if (weight < 1 || weight > SegmentLexicon.MaxWeight)
            {
                fields.Invalid("weight", $"The weight is 1 to {SegmentLexicon.MaxWeight}.");
            }

            if (keyword is not null && keywords.Any(k => string.Equals(k.Keyword, keyword, StringComparison.OrdinalIgnoreCase)))
            {
                fields.Invalid("keyword", "Each keyword once.");
            }

            input.Errors.AddRange(fields.Errors);
            if (keyword is not null && fields.IsValid)
            {
                keywords.Add((keyword, weight));
            }
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        var tenantId = ctx.TenantId();
        var rows = await db.SegmentKeywords.ToListAsync(ct);
        if (rows.Count == 0)
        {
            rows = SegmentLexicon.ToRows(tenantId, SegmentLexicon.Defaults).ToList();
            db.SegmentKeywords.AddRange(rows);
        }

        var replaced = rows.Where(r => r.SubSegment == subSegment).ToList();
        foreach (var row in replaced)
        {
            db.Entry(row).State = db.Entry(row).State == EntityState.Added ? EntityState.Detached : EntityState.Deleted;
        }

        var added = SegmentLexicon.ToRows(tenantId, [new SegmentEntry(subSegment!, industry, keywords)]).ToList();
        db.SegmentKeywords.AddRange(added);
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(new SegmentLexiconView(SegmentLexicon.ToEntries(rows.Except(replaced).Concat(added)), false));
    }
}
