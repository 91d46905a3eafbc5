using System.Security.Cryptography;
using System.Text.Json;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>A lead as taken in, validated and normalized, before it is stored.</summary>
public sealed record LeadDraft(
    string Name,
    string? Company,
    string? Phone,
    string? Email,
    Industry Industry,
    string? Province,
    LeadSource Source,
    IReadOnlyList<string> ProductInterests,
    CompanySize? EstimatedSize)
{
    public string? PhoneKey => LeadRules.PhoneKey(Phone);

    public string? CompanyKey => LeadRules.CompanyKey(Company);

    /// <summary>Identifies the payload of an idempotent create: the same normalized input gives the same hash.</summary>
    public string Hash() =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this with { ProductInterests = [.. ProductInterests.Order(StringComparer.Ordinal)] })));

    public Lead ToLead(long tenantId, DateTime now) => new()
    {
        TenantId = tenantId,
        Name = Name,
        Company = Company,
        CompanyKey = CompanyKey,
        Phone = Phone,
        PhoneKey = PhoneKey,
        Email = Email,
        Industry = Industry,
        Province = Province,
        Source = Source,
        ProductInterests = [.. ProductInterests],
        EstimatedSize = EstimatedSize,
        Status = LeadStatus.New,
        CreatedAt = now,
        UpdatedAt = now,
    };
}

/// <summary>An industry or product code that is not in the catalog.</summary>
public sealed record UnknownCodeError(string Field, string Value) : UserError($"'{Value}' is not a known code for `{Field}`.", "UNKNOWN_CODE");

/// <summary>An idempotency key was sent again with a different payload: a client bug, never a retry.</summary>
public sealed record IdempotencyKeyReusedError(string Field, string Key)
    : UserError($"The idempotency key '{Key}' was already used for a different lead.", "IDEMPOTENCY_KEY_REUSED");

/// <summary>The caller asked to import all rows or none, and some rows were broken.</summary>
public sealed record ImportRejectedError(IReadOnlyList<LeadImportRow> InvalidRows)
    : UserError($"{InvalidRows.Count} row(s) are invalid; nothing was imported.", "IMPORT_REJECTED");

public static class LeadRules
{
    public const int NameMaxLength = 100;
    public const int CompanyMaxLength = 200;
    public const int ProvinceMaxLength = 50;
    public const int MaxProductInterests = 20;

    /// <summary>Digits only, without a +86/0086 country prefix, so 139-0000-0000 and +86 13900000000 match.</summary>
    public static string? PhoneKey(string? phone)
    {
        if (phone is null)
        {
            return null;
        }

        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[4..];
        }
        else if (phone.TrimStart().StartsWith('+') && digits.StartsWith("86", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        return digits.Length == 0 ? null : digits;
    }

    /// <summary>Letters and digits only, lower-case: 「天合 光能（常州）」 and 「天合光能(常州)」 are one company.</summary>
    public static string? CompanyKey(string? company)
    {
        if (company is null)
        {
            return null;
        }

        var key = new string(company.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return key.Length == 0 ? null : key;
    }

    /// <summary>Product codes as stored: trimmed, upper-case, each once.</summary>
    public static List<string> NormalizeProductCodes(IEnumerable<string> codes) =>
        codes.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToList();

    /// <summary>The active product codes of the tenant, to check a lead's interests against.</summary>
    public static async Task<HashSet<string>> ProductCodesAsync(SalesDbContext db, CancellationToken cancellationToken) =>
        (await db.Products.AsNoTracking().Where(p => p.Active).Select(p => p.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// Finds the earlier leads a new one duplicates, across the whole tenant whoever owns them, and remembers
/// the leads of the same intake so that an import finds duplicates among its own rows too.
/// </summary>
public sealed class LeadDuplicateIndex
{
    private readonly Dictionary<(LeadMatchField Field, string Key), long> _originals = [];

    /// <summary>Loads the existing leads that share a phone, email or company with any of <paramref name="drafts"/>.</summary>
    public async Task LoadAsync(SalesDbContext db, long tenantId, IReadOnlyCollection<LeadDraft> drafts, CancellationToken cancellationToken)
    {
        var phones = drafts.Select(d => d.PhoneKey).OfType<string>().Distinct().ToList();
        var emails = drafts.Select(d => d.Email).OfType<string>().Distinct().ToList();
        var companies = drafts.Select(d => d.CompanyKey).OfType<string>().Distinct().ToList();
        if (phones.Count + emails.Count + companies.Count == 0)
        {
            return;
        }

        // Visibility must not hide a duplicate: a rep's new lead is matched against the whole tenant's. Each list
        // goes as one parameter (a JSON array on SQLite, an array on PostgreSQL): a thousand keys as a thousand
        // parameters cost more to bind than the look-up itself.
        var matches = await db.Leads.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.TenantId == tenantId
                && ((l.PhoneKey != null && EF.Parameter(phones).Contains(l.PhoneKey))
                    || (l.Email != null && EF.Parameter(emails).Contains(l.Email))
                    || (l.CompanyKey != null && EF.Parameter(companies).Contains(l.CompanyKey))))
            .Select(l => new { l.Id, l.DuplicateOfId, l.PhoneKey, l.Email, l.CompanyKey })
            .ToListAsync(cancellationToken);
        foreach (var match in matches)
        {
            Remember(match.DuplicateOfId ?? match.Id, match.PhoneKey, match.Email, match.CompanyKey);
        }
    }

    /// <summary>Links <paramref name="lead"/> to the earliest lead it duplicates, if any.</summary>
    public void Link(Lead lead)
    {
        var matched = new List<LeadMatchField>();
        long? original = null;
        foreach (var (field, key) in Keys(lead.PhoneKey, lead.Email, lead.CompanyKey))
        {
            if (_originals.TryGetValue((field, key), out var id))
            {
                matched.Add(field);
                original = original is null ? id : Math.Min(original.Value, id);
            }
        }

        lead.DuplicateOfId = original;
        lead.DuplicateMatchedOn = matched;
    }

    /// <summary>Makes a stored lead findable by the leads that come after it.</summary>
    public void Remember(Lead lead) => Remember(lead.DuplicateOfId ?? lead.Id, lead.PhoneKey, lead.Email, lead.CompanyKey);

    private void Remember(long originalId, string? phoneKey, string? email, string? companyKey)
    {
        foreach (var key in Keys(phoneKey, email, companyKey))
        {
            _originals[key] = _originals.TryGetValue(key, out var known) ? Math.Min(known, originalId) : originalId;
        }
    }

    private static IEnumerable<(LeadMatchField, string)> Keys(string? phoneKey, string? email, string? companyKey)
    {
        if (phoneKey is not null)
        {
            yield return (LeadMatchField.Phone, phoneKey);
        }

        if (email is not null)
        {
            yield return (LeadMatchField.Email, email);
        }

        if (companyKey is not null)
        {
            yield return (LeadMatchField.Company, companyKey);
        }
    }
}
