using System.Linq;
using HeadlessSales.Client.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HeadlessSales.Client.Generator.Diagnostics;

/// <summary>A position in a .graphql file, kept as plain values so that pipeline outputs stay comparable.</summary>
internal sealed record SourceLocation(string FilePath, int Start, int End, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static SourceLocation FromOffsets(string filePath, SourceText text, int start, int end)
    {
        start = System.Math.Max(0, System.Math.Min(start, text.Length));
        end = System.Math.Max(start, System.Math.Min(end, text.Length));
        var span = text.Lines.GetLinePositionSpan(TextSpan.FromBounds(start, end));
        return new SourceLocation(filePath, start, end, span.Start.Line, span.Start.Character, span.End.Line, span.End.Character);
    }

    /// <summary>A location from the 1-based line and column GraphQL-Parser reports for syntax errors.</summary>
    public static SourceLocation FromLineColumn(string filePath, SourceText text, int line, int column)
    {
        var lineIndex = System.Math.Max(0, System.Math.Min(line - 1, text.Lines.Count - 1));
        var textLine = text.Lines[lineIndex];
        var offset = System.Math.Min(textLine.Start + System.Math.Max(0, column - 1), textLine.End);
        return FromOffsets(filePath, text, offset, offset);
    }

    public Location ToLocation() => Location.Create(
        FilePath,
        TextSpan.FromBounds(Start, End),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}

/// <summary>A diagnostic waiting to be reported, comparable by value (a <see cref="Diagnostic"/> is not).</summary>
internal sealed record DiagnosticInfo(string Id, SourceLocation? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceLocation? location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        return Diagnostic.Create(GraphQLDiagnostics.FindById(Id), Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Arguments.Cast<object>().ToArray());
    }
}
