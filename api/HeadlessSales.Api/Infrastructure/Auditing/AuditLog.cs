using System.Collections;
using GraphQL;
using GraphQL.Resolvers;
using GraphQLParser.AST;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.Infrastructure.Auditing;

/// <summary>Writes audit entries in a context of their own, so an entry is kept even when the mutation's own work failed.</summary>
public sealed class AuditWriter(ISalesDbContextPool pool, TimeProvider clock, ILogger<AuditWriter> logger)
{
    public async Task WriteAsync(Actor actor, string operation, IEnumerable<string> targetIds, AuditOutcome outcome, IEnumerable<string> errorCodes)
    {
        if (!actor.IsAuthenticated)
        {
            // No tenant to file it under: the structured log keeps it.
            logger.LogWarning("Anonymous {Operation}: {Outcome}", operation, outcome);
            return;
        }

        if (actor.Kind == ActorKind.Operator)
        {
            // The platform operator belongs to no tenant: its actions go to the structured log, which the platform keeps.
            logger.LogWarning("Platform operator {Actor}: {Operation} on [{Targets}] {Outcome} {Errors}", actor.Describe(), operation, string.Join(", ", targetIds), outcome, string.Join(", ", errorCodes));
            return;
        }

        await using var db = pool.Rent(actor.TenantId);
        db.AuditEntries.Add(new AuditEntry
        {
            TenantId = actor.TenantId,
            Actor = actor.Describe(),
            MemberId = actor.MemberId,
            Operation = operation,
            TargetIds = targetIds.Distinct().Take(50).ToList(),
            Outcome = outcome,
            ErrorCodes = errorCodes.Distinct().ToList(),
            OccurredAt = clock.GetUtcNow().UtcDateTime,
            TraceId = System.Diagnostics.Activity.Current?.TraceId.ToString(),
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Records the mutations of a document that authorization refused before anything ran.</summary>
    public async Task WriteRefusedAsync(Actor actor, ExecutionResult result, string? query, string? operationName)
    {
        // A document refused in validation is not always handed back parsed; it did parse, so parse it again.
        var document = result.Document ?? (query is null ? null : GraphQLParser.Parser.Parse(query));
        var operation = document?.Definitions.OfType<GraphQLOperationDefinition>()
            .FirstOrDefault(o => operationName is null || o.Name?.StringValue == operationName);
        if (operation is not { Operation: OperationType.Mutation })
        {
            return;
        }

        var codes = result.Errors?.Select(e => e.Code ?? "GRAPHQL_ERROR") ?? [];
        foreach (var field in operation.SelectionSet.Selections.OfType<GraphQLField>())
        {
            await WriteAsync(actor, field.Name.StringValue, [], AuditOutcome.Refused, codes);
        }
    }
}

/// <summary>Wraps a root mutation field: whatever happens, an audit entry says who tried what on which objects, and how it ended.</summary>
public sealed class AuditedResolver(string operation, IFieldResolver inner) : IFieldResolver
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context)
    {
        var services = context.RequestServices!;
        var actor = services.GetRequiredService<CurrentActor>().Actor;
        var writer = services.GetRequiredService<AuditWriter>();
        var targets = InputIds(context.GetArgument<Dictionary<string, object?>?>("input")).ToList();
        try
        {
            var result = await inner.ResolveAsync(context);
            var (errors, changed) = result switch
            {
                IMutationOutcome outcome => (outcome.ErrorCodes.ToList(), outcome.Changed),
                // A failure only takes its payload's type through a method typed Task<MutationPayload<T>>; from an untyped lambda it would reach the client as nothing.
                MutationFailure => throw new InvalidOperationException($"'{operation}' returned a bare MutationFailure: return it from a method typed MutationPayload<T>."),
                _ => ([], null),
            };
            if (changed is IEntity entity)
            {
                // Entity classes are named as their GraphQL types, which are the global ids' type names.
                targets.Add(GlobalId.Encode(changed.GetType().Name, entity.Id));
            }

            await writer.WriteAsync(actor, operation, targets, errors.Count == 0 ? AuditOutcome.Succeeded : AuditOutcome.Failed, errors);
            return result;
        }
        catch (Exception exception)
        {
            await writer.WriteAsync(actor, operation, targets, AuditOutcome.Failed, [exception is ExecutionError { Code: { } code } ? code : "INTERNAL_SERVER_ERROR"]);
            throw;
        }
    }

    /// <summary>The global ids an input names: any string under a key ending in <c>id</c> or <c>ids</c>, at any depth.</summary>
    private static IEnumerable<string> InputIds(object? value, string? key = null) => value switch
    {
        string text when key is not null && (key.EndsWith("id", StringComparison.OrdinalIgnoreCase) || key.EndsWith("ids", StringComparison.OrdinalIgnoreCase))
            && GlobalId.TryDecode(text, out _, out _) => [text],
        IDictionary<string, object?> map => map.SelectMany(pair => InputIds(pair.Value, pair.Key)),
        IEnumerable items and not string => items.Cast<object?>().SelectMany(item => InputIds(item, key)),
        _ => [],
    };
}

/// <summary>How a mutation's result says how it ended (every <c>MutationPayload&lt;T&gt;</c> does).</summary>
public interface IMutationOutcome
{
    IEnumerable<string> ErrorCodes { get; }

    object? Changed { get; }
}
