using System.Globalization;
using System.Text.RegularExpressions;
using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.Infrastructure.CustomFields;

/// <summary>A custom-field value as a caller gave it: at most one of the typed parts is set (none clears the value).</summary>
public sealed record CustomFieldInputValue(string Key, string? Text = null, decimal? Number = null, DateOnly? Date = null, string? Choice = null, IReadOnlyList<string>? Choices = null)
{
    public IEnumerable<CustomFieldType> GivenAs()
    {
        if (Text is not null)
        {
            yield return CustomFieldType.Text;
        }

        if (Number is not null)
        {
            yield return CustomFieldType.Number;
        }

        if (Date is not null)
        {
            yield return CustomFieldType.Date;
        }

        if (Choice is not null)
        {
            yield return CustomFieldType.Choice;
        }

        if (Choices is not null)
        {
            yield return CustomFieldType.MultiChoice;
        }
    }
}

/// <summary>A checked value in its storage shape; null parts are empty.</summary>
public sealed record StoredCustomValue(string? Text, decimal? Number, DateOnly? Date, string SortKey);

/// <summary>What a set of given values comes to: the errors, or for each field the value to store (null: remove it).</summary>
public sealed record CustomFieldCheck(IReadOnlyList<UserError> Errors, IReadOnlyList<(CustomFieldDefinition Definition, StoredCustomValue? Value)> Writes);

/// <summary>The rules of custom-field definitions and values, over plain values; the GraphQL layer and the CSV import translate.</summary>
public static partial class CustomFieldRules
{
    public const int KeyMaxLength = 40;
    public const int TextMaxLength = 1000;
    public const int SortKeyMaxLength = 200;
    public const int MaxChoices = 100;
    public const int ChoiceMaxLength = 100;
    public const char ChoiceSeparator = '|';

    /// <summary>Decimal(18,4): 14 digits before the point.</summary>
    private const decimal NumberLimit = 100_000_000_000_000m;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();

    /// <summary>
    /// Checks a new definition. <paramref name="builtInNames"/> are the record's own field names: a key equal to one,
    /// ignoring case and underscores (<c>product_interests</c> against <c>productInterests</c>), is refused.
    /// </summary>
    public static List<UserError> CheckDefinition(string key, string label, CustomFieldType type, IReadOnlyList<string> choices, IEnumerable<string> builtInNames, Func<string, string> pathOf)
    {
        var errors = new List<UserError>();
        if (key.Length == 0 || key.Length > KeyMaxLength || !KeyPattern().IsMatch(key))
        {
            errors.Add(new ValidationError(pathOf("key"), $"A key is 1 to {KeyMaxLength} characters: lower-case letters, digits and underscores, starting with a letter."));
        }
        else if (builtInNames.Any(name => Comparable(name) == Comparable(key)))
        {
            errors.Add(new ReservedFieldKeyError(pathOf("key"), key));
        }

        errors.AddRange(CheckLabelAndChoices(label, type, choices, pathOf));
        return errors;
    }

    public static List<UserError> CheckLabelAndChoices(string label, CustomFieldType type, IReadOnlyList<string> choices, Func<string, string> pathOf)
    {
        var errors = new List<UserError>();
        if (label.Length is 0 or > 100)
        {
            errors.Add(new ValidationError(pathOf("label"), "A label is 1 to 100 characters."));
        }

        var isChoice = type is CustomFieldType.Choice or CustomFieldType.MultiChoice;
        if (isChoice && (choices.Count == 0 || choices.Count > MaxChoices))
        {
            errors.Add(new ValidationError(pathOf("choices"), $"A choice field lists 1 to {MaxChoices} choices."));
        }
        else if (!isChoice && choices.Count > 0)
        {
            errors.Add(new ValidationError(pathOf("choices"), "Only choice and multi-choice fields have choices."));
        }

        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i].Length is 0 or > ChoiceMaxLength || choices[i].Contains(ChoiceSeparator) || choices[i] != choices[i].Trim())
            {
                errors.Add(new ValidationError($"{pathOf("choices")}[{i}]", $"A choice is 1 to {ChoiceMaxLength} characters, without '{ChoiceSeparator}' or surrounding spaces."));
            }
        }

        if (choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
        {
            errors.Add(new ValidationError(pathOf("choices"), "Each choice is listed once."));
        }

        return errors;
    }

    private static string Comparable(string name) => name.Replace("_", string.Empty).ToLowerInvariant();

    /// <summary>
    /// Checks the values given for one record against the kind's definitions. On <paramref name="creating"/>, every
    /// required field must be given; on an update only what is given is checked, and clearing a required field is refused.
    /// <paramref name="pathOf"/> names the input of the n-th value and its part, e.g. <c>input.customFields[1].number</c>.
    /// </summary>
    public static CustomFieldCheck Check(IReadOnlyList<CustomFieldDefinition> definitions, IReadOnlyList<CustomFieldInputValue> given, bool creating, Func<int, string?, string> pathOf)
    {
        var errors = new List<UserError>();
        var writes = new List<(CustomFieldDefinition, StoredCustomValue?)>();
        var byKey = definitions.ToDictionary(d => d.Key, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < given.Count; i++)
        {
            var value = given[i];
            if (!byKey.TryGetValue(value.Key, out var definition))
            {
                errors.Add(new CustomFieldError(pathOf(i, "key"), value.Key, CustomFieldProblem.Unknown, null, $"No custom field '{value.Key}' is defined here; the fields are {Listed(definitions.Select(d => d.Key))}."));
                continue;
            }

            if (!seen.Add(value.Key))
            {
                errors.Add(new CustomFieldError(pathOf(i, "key"), value.Key, CustomFieldProblem.OutOfRange, definition.Type, $"'{value.Key}' is given more than once."));
                continue;
            }

            var checkedValue = CheckValue(definition, value, part => pathOf(i, part));
            if (checkedValue.Error is { } error)
            {
                errors.Add(error);
            }
            else if (checkedValue.Value is null && definition.Required)
            {
                errors.Add(new CustomFieldError(pathOf(i, null), value.Key, CustomFieldProblem.Required, definition.Type, $"'{definition.Label}' ({value.Key}) is required and cannot be cleared."));
            }
            else
            {
                writes.Add((definition, checkedValue.Value));
            }
        }

        if (creating)
        {
            foreach (var missing in definitions.Where(d => d.Required && !seen.Contains(d.Key)))
            {
                errors.Add(new CustomFieldError(pathOf(-1, null), missing.Key, CustomFieldProblem.Required, missing.Type, $"'{missing.Label}' ({missing.Key}) is required."));
            }
        }

        return new CustomFieldCheck(errors, errors.Count > 0 ? [] : writes);
    }

    private static (StoredCustomValue? Value, UserError? Error) CheckValue(CustomFieldDefinition definition, CustomFieldInputValue value, Func<string?, string> pathOf)
    {
        var givenAs = value.GivenAs().ToList();
        if (givenAs.Count == 0)
        {
            return (null, null);
        }

        var part = PartName(definition.Type);
        if (givenAs.Count > 1 || givenAs[0] != definition.Type)
        {
            var offending = givenAs.FirstOrDefault(given => given != definition.Type, givenAs[0]);
            return (null, new CustomFieldError(pathOf(PartName(offending)), value.Key, CustomFieldProblem.WrongType, definition.Type,
                $"'{definition.Label}' ({value.Key}) is a {Describe(definition.Type)} field: give its value as `{part}` only."));
        }

        UserError OutOfRange(string message) => new CustomFieldError(pathOf(part), value.Key, CustomFieldProblem.OutOfRange, definition.Type, message);
        UserError NotAChoice(string choice) => new CustomFieldError(pathOf(part), value.Key, CustomFieldProblem.NotAChoice, definition.Type,
            $"'{choice}' is not a choice of '{definition.Label}' ({value.Key}); the choices are {Listed(definition.Choices)}.");

        switch (definition.Type)
        {
            case CustomFieldType.Text:
                var text = value.Text!.Trim();
                if (text.Length > TextMaxLength)
                {
                    return (null, OutOfRange($"'{definition.Label}' ({value.Key}) holds at most {TextMaxLength} characters."));
                }

                return (text.Length == 0 ? null : new StoredCustomValue(text, null, null, Truncate(text)), null);
            case CustomFieldType.Number:
                var number = value.Number!.Value;
                if (Math.Abs(number) >= NumberLimit || decimal.Round(number, 4) != number)
                {
                    return (null, OutOfRange($"'{definition.Label}' ({value.Key}) takes numbers below 10^14 with at most 4 decimals."));
                }

                return (new StoredCustomValue(null, number, null, NumberSortKey(number)), null);
            case CustomFieldType.Date:
                var date = value.Date!.Value;
                return (new StoredCustomValue(null, null, date, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)), null);
            case CustomFieldType.Choice:
                return definition.Choices.Contains(value.Choice!, StringComparer.Ordinal)
                    ? (new StoredCustomValue(value.Choice, null, null, Truncate(value.Choice!)), null)
                    : (null, NotAChoice(value.Choice!));
            default:
                if (value.Choices!.FirstOrDefault(c => !definition.Choices.Contains(c, StringComparer.Ordinal)) is { } wrong)
                {
                    return (null, NotAChoice(wrong));
                }

                // Kept in the definition's order, so that equal sets store (and sort) equally.
                var chosen = definition.Choices.Where(value.Choices!.Contains).ToList();
                if (chosen.Count == 0)
                {
                    return (null, null);
                }

                var joined = ChoiceSeparator + string.Join(ChoiceSeparator, chosen) + ChoiceSeparator;
                return (new StoredCustomValue(joined, null, null, Truncate(joined)), null);
        }
    }

    /// <summary>
    /// Reads a value written as text (a CSV cell) as its field's type: numbers with a point, dates as yyyy-MM-dd, the
    /// choices of a multi-choice field separated by <c>;</c>. Null when the text is not of the type.
    /// </summary>
    public static CustomFieldInputValue? FromText(CustomFieldDefinition definition, string text) => definition.Type switch
    {
        CustomFieldType.Text => new CustomFieldInputValue(definition.Key, Text: text),
        CustomFieldType.Number => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? new CustomFieldInputValue(definition.Key, Number: number) : null,
        CustomFieldType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? new CustomFieldInputValue(definition.Key, Date: date) : null,
        CustomFieldType.Choice => new CustomFieldInputValue(definition.Key, Choice: text),
        _ => new CustomFieldInputValue(definition.Key, Choices: text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
    };

    /// <summary>
    /// Fixed-width digits whose ordinal order is the numbers' order: a sign digit (0 negative, 1 otherwise), then the
    /// value in ten-thousandths, negatives counted down from 10^19, so that -2 &lt; -1 &lt; 0 &lt; 1 as strings.
    /// </summary>
    public static string NumberSortKey(decimal number)
    {
        var scaled = decimal.Round(number * 10_000m);
        return scaled < 0
            ? "0" + (10_000_000_000_000_000_000m + scaled).ToString("0000000000000000000", CultureInfo.InvariantCulture)
            : "1" + scaled.ToString("0000000000000000000", CultureInfo.InvariantCulture);
    }

    public static string PartName(CustomFieldType type) => type switch
    {
        CustomFieldType.Text => "text",
        CustomFieldType.Number => "number",
        CustomFieldType.Date => "date",
        CustomFieldType.Choice => "choice",
        _ => "choices",
    };

    private static string Describe(CustomFieldType type) => type switch
    {
        CustomFieldType.MultiChoice => "multi-choice",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string text) => text.Length > SortKeyMaxLength ? text[..SortKeyMaxLength] : text;

    private static string Listed(IEnumerable<string> items) => items.Any() ? string.Join(", ", items.Select(i => $"'{i}'")) : "none";
}
