using System.Text;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.Features.Leads;

public enum InvalidRowPolicy
{
    /// <summary>Import the good rows and report each bad one.</summary>
    ImportValidRows,

    /// <summary>Import nothing when any row is bad.</summary>
    RejectAll,
}

/// <summary>One data row of an import: its line in the file, and the lead it became or why it did not.</summary>
public sealed record LeadImportRow(int Line, Lead? Lead, IReadOnlyList<UserError> Errors);

public sealed record LeadImportResult(int ImportedCount, int InvalidCount, int DuplicateCount, IReadOnlyList<LeadImportRow> Rows)
{
    /// <summary>Nothing was stored because the caller chose all or none and these rows were broken.</summary>
    public bool Rejected { get; init; }
}

/// <summary>
/// Imports leads from CSV text (RFC 4180: a header row, quoted fields may hold commas, quotes and line
/// breaks). Rows are stored in chunks, each chunk one transaction, so ten thousand rows neither hold one
/// long write lock nor lose all work when the last chunk fails.
/// </summary>
public sealed class LeadImporter(SalesDbContext db, long tenantId, DateTime now, LeadAssigner assigner)
{
    public const int MaxRows = 10_000;
    public const int ChunkSize = 1_000;

    public static readonly IReadOnlyList<string> Columns = ["name", "company", "phone", "email", "industry", "province", "source", "products", "estimatedSize"];

    /// <summary>A column <c>custom.&lt;key&gt;</c> holds the lead custom field of that key, written as text.</summary>
    public const string CustomFieldPrefix = "custom.";

    private static bool IsCustomFieldColumn(string header) => header.StartsWith(CustomFieldPrefix, StringComparison.OrdinalIgnoreCase);

    private static readonly Dictionary<string, Industry> Industries = EnumByGraphQLName<Industry>();
    private static readonly Dictionary<string, LeadSource> Sources = EnumByGraphQLName<LeadSource>();
    private static readonly Dictionary<string, CompanySize> Sizes = EnumByGraphQLName<CompanySize>();

    /// <summary>The whole-file problem (no header, an unknown column, too many rows), or null when the rows can be read.</summary>
    public static string? CheckFile(IReadOnlyList<CsvRecord> records)
    {
        if (records.Count == 0)
        {
            return "The file is empty; the first row must name the columns.";
        }

        var unknown = records[0].Fields.Where(h => !Columns.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase) && !IsCustomFieldColumn(h.Trim())).ToList();
        if (unknown.Count > 0)
        {
            return $"Unknown column(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; the columns are {string.Join(", ", Columns)}.";
        }

        if (!records[0].Fields.Any(h => h.Trim().Equals("name", StringComparison.OrdinalIgnoreCase))
            || !records[0].Fields.Any(h => h.Trim().Equals("industry", StringComparison.OrdinalIgnoreCase)))
        {
            return "The columns `name` and `industry` are required.";
        }

        return records.Count - 1 > MaxRows ? $"At most {MaxRows} rows can be imported at once; the file has {records.Count - 1}." : null;
    }

    public async Task<LeadImportResult> ImportAsync(IReadOnlyList<CsvRecord> records, InvalidRowPolicy policy, CancellationToken cancellationToken)
    {
        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        var productCodes = await LeadRules.ProductCodesAsync(db, cancellationToken);
        var definitions = await CustomFieldStore.DefinitionsAsync(db, CustomFieldEntity.Lead, cancellationToken);
        var parsed = records.Skip(1)
            .Where(r => r.Fields.Any(f => f.Trim().Length > 0))
            .Select(r => Parse(r, header, productCodes, definitions))
            .ToList();
        var invalid = parsed.Count(p => p.Draft is null);
        if (invalid > 0 && policy == InvalidRowPolicy.RejectAll)
        {
            return new LeadImportResult(0, invalid, 0, parsed.Where(p => p.Draft is null).Select(p => new LeadImportRow(p.Line, null, p.Errors)).ToList()) { Rejected = true };
        }

        // Rows are only ever added, never changed after Add: scanning them for changes on every flush is wasted work.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var duplicates = new LeadDuplicateIndex();
        var rows = new List<LeadImportRow>(parsed.Count);
        foreach (var chunk in parsed.Chunk(ChunkSize))
        {
            var drafts = chunk.Select(p => p.Draft).OfType<LeadDraft>().ToList();
            await duplicates.LoadAsync(db, tenantId, drafts, cancellationToken);
            var stored = new List<Lead>(drafts.Count);
            var customFields = new Dictionary<Lead, IReadOnlyList<(CustomFieldDefinition, StoredCustomValue?)>>(ReferenceEqualityComparer.Instance);
            foreach (var row in chunk)
            {
                if (row.Draft is null)
                {
                    rows.Add(new LeadImportRow(row.Line, null, row.Errors));
                    continue;
                }

                var lead = row.Draft.ToLead(tenantId, now);
                stored.Add(lead);
                customFields[lead] = row.CustomFields;
                rows.Add(new LeadImportRow(row.Line, lead, []));
            }

            await SaveChunkAsync(stored, customFields, duplicates, cancellationToken);
        }

        return new LeadImportResult(rows.Count(r => r.Lead is not null), invalid, rows.Count(r => r.Lead?.DuplicateOfId is not null), rows);
    }

    /// <summary>
    /// Assigns and saves one chunk in one transaction. Keys are given out before anything is written, so a row that
    /// duplicates an earlier row of the same chunk links to it, and the chunk's leads, history and timers go to the
    /// database as a few multi-row inserts rather than one tracked entity each.
    /// </summary>
    private async Task SaveChunkAsync(List<Lead> leads, Dictionary<Lead, IReadOnlyList<(CustomFieldDefinition, StoredCustomValue?)>> customFields, LeadDuplicateIndex duplicates, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await assigner.AssignAsync(db, tenantId, leads, now, cancellationToken);
        if (await BulkInsert.TryAssignKeysAsync(db, leads, cancellationToken))
        {
            foreach (var lead in leads)
            {
                duplicates.Link(lead);
                duplicates.Remember(lead);
            }

            await BulkInsert.InsertAsync(db, leads, cancellationToken);
        }
        else
        {
            await SaveOneByOneAsync(leads, duplicates, cancellationToken);
        }

        await BulkInsert.InsertAsync(db, leads.SelectMany(lead => LeadHistoryEntry.Intake(lead, now)).ToList(), cancellationToken);
        await BulkInsert.InsertAsync(db, await LeadSopTimerHandler.DeadlinesAsync(db, leads, cancellationToken), cancellationToken);
        await BulkInsert.InsertAsync(db, leads.SelectMany(lead => CustomFieldStore.NewRows(CustomFieldEntity.Lead, lead.Id, customFields[lead], now)).ToList(), cancellationToken);
        db.JournalAssignments(leads, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// For providers whose keys cannot be given out in advance: rows that duplicate an earlier row of the same chunk
    /// need that row's key, so the rows before such a row are saved first; otherwise the chunk is one batch.
    /// </summary>
    private async Task SaveOneByOneAsync(List<Lead> leads, LeadDuplicateIndex duplicates, CancellationToken cancellationToken)
    {
        var pending = new List<Lead>();
        var keysInPending = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lead in leads)
        {
            var keys = new[] { "p:" + lead.PhoneKey, "e:" + lead.Email, "c:" + lead.CompanyKey }.Where(k => k.Length > 2).ToList();
            if (keys.Any(keysInPending.Contains))
            {
                await FlushAsync(pending, duplicates, cancellationToken);
                keysInPending.Clear();
            }

            duplicates.Link(lead);
            pending.Add(lead);
            keys.ForEach(k => keysInPending.Add(k));
        }

        await FlushAsync(pending, duplicates, cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task FlushAsync(List<Lead> pending, LeadDuplicateIndex duplicates, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        db.Leads.AddRange(pending);
        await db.SaveChangesAsync(cancellationToken);
        pending.ForEach(duplicates.Remember);
        pending.Clear();
    }

    private static (int Line, LeadDraft? Draft, List<UserError> Errors, IReadOnlyList<(CustomFieldDefinition, StoredCustomValue?)> CustomFields) Parse(
        CsvRecord record, List<string> header, HashSet<string> productCodes, IReadOnlyList<CustomFieldDefinition> definitions)
    {
        var errors = new List<UserError>();
        string? Value(string column)
        {
            var index = header.FindIndex(h => h.Equals(column, StringComparison.OrdinalIgnoreCase));
            return index >= 0 && index < record.Fields.Count && record.Fields[index].Trim() is { Length: > 0 } text ? text : null;
        }

        T? Code<T>(string column, Dictionary<string, T> known) where T : struct
        {
            var text = Value(column);
            if (text is null)
            {
                return null;
            }

            if (known.TryGetValue(text.ToUpperInvariant(), out var value))
            {
                return value;
            }

            errors.Add(new UnknownCodeError(column, text));
            return null;
        }

        if (record.Fields.Count > header.Count)
        {
            errors.Add(new ValidationError("line", $"The row has {record.Fields.Count} fields; the header names {header.Count}."));
        }

        // Reading the codes is the file's part, as the schema's for createLead; the rules of a lead are the validator's.
        var industry = Code("industry", Industries);
        if (Value("industry") is null)
        {
            errors.Add(new ValidationError("industry", "`industry` must not be blank."));
        }

        var values = new LeadDraftValues(
            Value("name"),
            Value("company"),
            Value("phone"),
            Value("email"),
            // A row whose industry cannot be read is refused for it above; the stand-in only lets the other rules run.
            industry ?? Industry.Other,
            Value("province"),
            Code("source", Sources) ?? LeadSource.Import,
            (Value("products") ?? string.Empty).Split([';', '|'], StringSplitOptions.RemoveEmptyEntries),
            Code("estimatedSize", Sizes));
        var validation = LeadDraftValidator.Validate(values, productCodes, ColumnOf);
        errors.AddRange(validation.Errors);
        var customFields = ParseCustomFields(header, Value, definitions, errors);
        return (record.Line, errors.Count > 0 ? null : validation.Draft, errors, customFields);
    }

    /// <summary>The row's <c>custom.&lt;key&gt;</c> cells, read as their fields' types and checked as createLead checks them; errors name the column.</summary>
    private static IReadOnlyList<(CustomFieldDefinition, StoredCustomValue?)> ParseCustomFields(List<string> header, Func<string, string?> value, IReadOnlyList<CustomFieldDefinition> definitions, List<UserError> errors)
    {
        var columns = header.Where(IsCustomFieldColumn).ToList();
        var given = new List<CustomFieldInputValue>();
        var givenColumns = new List<string>();
        foreach (var column in columns)
        {
            var key = column[CustomFieldPrefix.Length..];
            if (value(column) is not { } text)
            {
                continue;
            }

            var definition = definitions.FirstOrDefault(d => d.Key == key);
            var read = definition is null ? new CustomFieldInputValue(key, Text: text) : CustomFieldRules.FromText(definition, text);
            if (read is null)
            {
                errors.Add(new CustomFieldError(column, key, CustomFieldProblem.WrongType, definition!.Type, $"'{text}' is not a {definition.Type} value for '{definition.Label}' ({key}); numbers as 1234.5, dates as yyyy-MM-dd."));
                continue;
            }

            given.Add(read);
            givenColumns.Add(column);
        }

        var check = CustomFieldRules.Check(definitions, given, creating: true, (index, _) => index < 0 ? "custom" : givenColumns[index]);
        errors.AddRange(check.Errors);
        return check.Writes;
    }

    /// <summary>The column a field of the draft is read from: a file names its products <c>products</c>.</summary>
    private static string ColumnOf(string field) => field == LeadDraftValidator.Fields.ProductInterests ? "products" : field;

    /// <summary>Enum values by their GraphQL names (NEW_ENERGY), which is how a file names them.</summary>
    private static Dictionary<string, T> EnumByGraphQLName<T>() where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(v => global::GraphQL.StringExtensions.ToConstantCase(v.ToString()), v => v, StringComparer.Ordinal);
}

/// <summary>One record of a CSV file and the line it starts on (1 is the header).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

public static class Csv
{
    /// <summary>Splits RFC 4180 text into records; a quoted field may span lines, and "" inside quotes is a quote.</summary>
    public static List<CsvRecord> Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var atRecordStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    atRecordStart = false;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atRecordStart = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (!atRecordStart || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        records.Add(new CsvRecord(recordLine, fields));
                    }

                    fields = [];
                    field.Clear();
                    line++;
                    recordLine = line;
                    atRecordStart = true;
                    break;
                default:
                    field.Append(c);
                    atRecordStart = false;
                    break;
            }
        }

        if (!atRecordStart || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(recordLine, fields));
        }

        return records;
    }
}
