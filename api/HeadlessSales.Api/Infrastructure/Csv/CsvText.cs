using System.Text;

namespace HeadlessSales.Api.Infrastructure.Csv;

/// <summary>The CSV files the API hands out (RFC 4180, CRLF lines), in one place: quoting, defusing and encoding.</summary>
public static class CsvText
{
    /// <summary>The file's bytes: the UTF-8 byte-order mark (spreadsheets then read Chinese text right), then the text.</summary>
    public static byte[] Encode(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    /// <summary>Defuses text a spreadsheet would evaluate.</summary>
    public static string Text(string value) => value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;

    public static void AppendLine(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Escape));
        csv.Append("\r\n");
    }
}
