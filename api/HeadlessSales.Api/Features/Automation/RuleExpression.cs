using System.Globalization;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>The types of the condition language; every path and literal has one, checked when a rule is saved.</summary>
public enum RuleValueType
{
    Boolean,
    Number,
    Text,
    Date,
    DateTime,
    TextList,
    Null,
}

/// <summary>A mistake in a condition, at a character offset of its text, so that an editor can underline it.</summary>
public sealed record RuleExpressionError(int Position, int Length, string Message);

/// <summary>
/// A parsed condition. The language is small on purpose: paths (<c>record.industry</c>, <c>record.custom.budget</c>,
/// <c>event.type</c>), literals (<c>12.5</c>, <c>'光伏'</c>, <c>true</c>, <c>null</c>, <c>date'2027-01-31'</c>, lists
/// <c>['a', 'b']</c>), comparisons (<c>== != &lt; &lt;= &gt; &gt;=</c>), <c>in</c>, <c>contains</c>, and <c>and or not</c>
/// with parentheses.
/// </summary>
public abstract record RuleNode(int Position, int Length);

public sealed record LiteralNode(int Position, int Length, object? Value, RuleValueType Type) : RuleNode(Position, Length);

public sealed record ListNode(int Position, int Length, IReadOnlyList<RuleNode> Items) : RuleNode(Position, Length);

public sealed record PathNode(int Position, int Length, string Path) : RuleNode(Position, Length);

public sealed record NotNode(int Position, int Length, RuleNode Operand) : RuleNode(Position, Length);

public sealed record BinaryNode(int Position, int Length, string Operator, RuleNode Left, RuleNode Right) : RuleNode(Position, Length);

public static class RuleExpression
{
    public const int MaxLength = 2000;

    /// <summary>Parses and type-checks <paramref name="text"/> against the paths <paramref name="paths"/> allows; a condition must be boolean.</summary>
    public static (RuleNode? Node, IReadOnlyList<RuleExpressionError> Errors) Compile(string text, IReadOnlyDictionary<string, RuleValueType> paths)
    {
        if (text.Length > MaxLength)
        {
            return (null, [new RuleExpressionError(MaxLength, text.Length - MaxLength, $"A condition is at most {MaxLength} characters.")]);
        }

        RuleNode node;
        try
        {
            node = new Parser(text).ParseAll();
        }
        catch (RuleSyntaxException syntax)
        {
            return (null, [syntax.Error]);
        }

        var errors = new List<RuleExpressionError>();
        var type = TypeOf(node, paths, errors);
        if (errors.Count == 0 && type != RuleValueType.Boolean)
        {
            errors.Add(new RuleExpressionError(node.Position, node.Length, $"A condition must be true or false; this is a {Describe(type)}."));
        }

        return (errors.Count == 0 ? node : null, errors);
    }

    /// <summary>The paths a condition names, e.g. to tell which custom fields a rule reads.</summary>
    public static IEnumerable<string> PathsOf(RuleNode node) => node switch
    {
        PathNode path => [path.Path],
        NotNode not => PathsOf(not.Operand),
        BinaryNode binary => PathsOf(binary.Left).Concat(PathsOf(binary.Right)),
        ListNode list => list.Items.SelectMany(PathsOf),
        _ => [],
    };

    private static RuleValueType TypeOf(RuleNode node, IReadOnlyDictionary<string, RuleValueType> paths, List<RuleExpressionError> errors)
    {
        switch (node)
        {
            case LiteralNode literal:
                return literal.Type;
            case PathNode path:
                if (paths.TryGetValue(path.Path, out var pathType))
                {
                    return pathType;
                }

                var near = paths.Keys.Where(p => p.StartsWith(path.Path[..(path.Path.LastIndexOf('.') + 1)], StringComparison.Ordinal)).Order().Take(12).ToList();
                errors.Add(new RuleExpressionError(path.Position, path.Length, $"Unknown field '{path.Path}'" + (near.Count > 0 ? $"; known here: {string.Join(", ", near)}." : ".")));
                return RuleValueType.Null;
            case ListNode list:
                foreach (var item in list.Items)
                {
                    var itemType = TypeOf(item, paths, errors);
                    if (itemType != RuleValueType.Text)
                    {
                        errors.Add(new RuleExpressionError(item.Position, item.Length, $"A list holds texts; this is a {Describe(itemType)}."));
                    }
                }

                return RuleValueType.TextList;
            case NotNode not:
                Expect(not.Operand, TypeOf(not.Operand, paths, errors), RuleValueType.Boolean, "`not`", errors);
                return RuleValueType.Boolean;
            case BinaryNode binary:
                var left = TypeOf(binary.Left, paths, errors);
                var right = TypeOf(binary.Right, paths, errors);
                switch (binary.Operator)
                {
                    case "and" or "or":
                        Expect(binary.Left, left, RuleValueType.Boolean, $"`{binary.Operator}`", errors);
                        Expect(binary.Right, right, RuleValueType.Boolean, $"`{binary.Operator}`", errors);
                        break;
                    case "==" or "!=":
                        if (left != right && left != RuleValueType.Null && right != RuleValueType.Null)
                        {
                            errors.Add(new RuleExpressionError(binary.Position, binary.Length, $"Cannot compare a {Describe(left)} with a {Describe(right)}."));
                        }

                        break;
                    case "<" or "<=" or ">" or ">=":
                        if (left is not (RuleValueType.Number or RuleValueType.Date or RuleValueType.DateTime or RuleValueType.Text) || left != right)
                        {
                            errors.Add(new RuleExpressionError(binary.Position, binary.Length, $"`{binary.Operator}` orders two numbers, dates or texts; here a {Describe(left)} and a {Describe(right)}."));
                        }

                        break;
                    case "in":
                        Expect(binary.Left, left, RuleValueType.Text, "`in`", errors);
                        Expect(binary.Right, right, RuleValueType.TextList, "the right of `in`", errors);
                        break;
                    case "contains":
                        if (left is not (RuleValueType.Text or RuleValueType.TextList))
                        {
                            errors.Add(new RuleExpressionError(binary.Left.Position, binary.Left.Length, $"`contains` looks in a text or a list; this is a {Describe(left)}."));
                        }

                        Expect(binary.Right, right, RuleValueType.Text, "the right of `contains`", errors);
                        break;
                }

                return RuleValueType.Boolean;
            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }

    private static void Expect(RuleNode node, RuleValueType actual, RuleValueType expected, string where, List<RuleExpressionError> errors)
    {
        if (actual != expected && actual != RuleValueType.Null)
        {
            errors.Add(new RuleExpressionError(node.Position, node.Length, $"{where} needs a {Describe(expected)}; this is a {Describe(actual)}."));
        }
    }

    public static string Describe(RuleValueType type) => type switch
    {
        RuleValueType.Boolean => "true/false value",
        RuleValueType.TextList => "list of texts",
        RuleValueType.DateTime => "date and time",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>Evaluates a checked condition over <paramref name="facts"/> (path → value); a missing or null fact compares as null.</summary>
    public static bool Evaluate(RuleNode node, IReadOnlyDictionary<string, object?> facts) => Value(node, facts) is true;

    private static object? Value(RuleNode node, IReadOnlyDictionary<string, object?> facts)
    {
        switch (node)
        {
            case LiteralNode literal:
                return literal.Value;
            case PathNode path:
                return facts.GetValueOrDefault(path.Path);
            case ListNode list:
                return list.Items.Select(i => Value(i, facts) as string).OfType<string>().ToList();
            case NotNode not:
                return Value(not.Operand, facts) is not true;
            case BinaryNode { Operator: "and" } and:
                return Value(and.Left, facts) is true && Value(and.Right, facts) is true;
            case BinaryNode { Operator: "or" } or:
                return Value(or.Left, facts) is true || Value(or.Right, facts) is true;
            case BinaryNode binary:
                var left = Value(binary.Left, facts);
                var right = Value(binary.Right, facts);
                return binary.Operator switch
                {
                    "==" => Equals(left, right),
                    "!=" => !Equals(left, right),
                    "in" => left is string text && right is IEnumerable<string> items && items.Contains(text, StringComparer.Ordinal),
                    "contains" => right is string part && (left is string whole ? whole.Contains(part, StringComparison.OrdinalIgnoreCase) : left is IEnumerable<string> list && list.Contains(part, StringComparer.Ordinal)),
                    _ => left is IComparable comparable && right is not null && left.GetType() == right.GetType() && Compare(binary.Operator, comparable.CompareTo(right)),
                };
            default:
                return null;
        }
    }

    private static bool Compare(string op, int order) => op switch
    {
        "<" => order < 0,
        "<=" => order <= 0,
        ">" => order > 0,
        _ => order >= 0,
    };

    private sealed class RuleSyntaxException(RuleExpressionError error) : Exception(error.Message)
    {
        public RuleExpressionError Error { get; } = error;
    }

    /// <summary>A recursive-descent parser over the text; every node keeps its span.</summary>
    private sealed class Parser(string text)
    {
        private int _at;

        public RuleNode ParseAll()
        {
            var node = Or();
            Skip();
            if (_at < text.Length)
            {
                throw Error(_at, 1, $"Unexpected '{text[_at]}'; expected `and`, `or` or the end.");
            }

            return node;
        }

        private RuleNode Or()
        {
            var left = And();
            while (Word("or"))
            {
                var right = And();
                left = new BinaryNode(left.Position, right.Position + right.Length - left.Position, "or", left, right);
            }

            return left;
        }

        private RuleNode And()
        {
            var left = Not();
            while (Word("and"))
            {
                var right = Not();
                left = new BinaryNode(left.Position, right.Position + right.Length - left.Position, "and", left, right);
            }

            return left;
        }

        private RuleNode Not()
        {
            Skip();
            var start = _at;
            if (Word("not"))
            {
                var operand = Not();
                return new NotNode(start, operand.Position + operand.Length - start, operand);
            }

            return Comparison();
        }

        private RuleNode Comparison()
        {
            var left = Primary();
            Skip();
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (string.CompareOrdinal(text, _at, op, 0, op.Length) == 0)
                {
                    _at += op.Length;
                    var right = Primary();
                    return new BinaryNode(left.Position, right.Position + right.Length - left.Position, op, left, right);
                }
            }

            foreach (var op in new[] { "in", "contains" })
            {
                if (Word(op))
                {
                    var right = Primary();
                    return new BinaryNode(left.Position, right.Position + right.Length - left.Position, op, left, right);
                }
            }

            return left;
        }

        private RuleNode Primary()
        {
            Skip();
            var start = _at;
            if (_at >= text.Length)
            {
                throw Error(text.Length, 0, "The condition ends too early; expected a value.");
            }

            var c = text[_at];
            if (c == '(')
            {
                _at++;
                var inner = Or();
                Skip();
                if (_at >= text.Length || text[_at] != ')')
                {
                    throw Error(start, 1, "This parenthesis is never closed.");
                }

                _at++;
                return inner;
            }

            if (c == '[')
            {
                _at++;
                var items = new List<RuleNode>();
                Skip();
                while (_at < text.Length && text[_at] != ']')
                {
                    items.Add(Primary());
                    Skip();
                    if (_at < text.Length && text[_at] == ',')
                    {
                        _at++;
                        Skip();
                    }
                    else if (_at < text.Length && text[_at] != ']')
                    {
                        throw Error(_at, 1, "Expected `,` or `]` in the list.");
                    }
                }

                if (_at >= text.Length)
                {
                    throw Error(start, 1, "This list is never closed.");
                }

                _at++;
                return new ListNode(start, _at - start, items);
            }

            if (c is '\'' or '"')
            {
                return new LiteralNode(start, 0, Quoted(), RuleValueType.Text) with { Length = _at - start };
            }

            if (char.IsAsciiDigit(c) || (c == '-' && _at + 1 < text.Length && char.IsAsciiDigit(text[_at + 1])))
            {
                _at++;
                while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] == '.'))
                {
                    _at++;
                }

                var number = text[start.._at];
                return decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                    ? new LiteralNode(start, _at - start, value, RuleValueType.Number)
                    : throw Error(start, _at - start, $"'{number}' is not a number.");
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '.'))
                {
                    _at++;
                }

                var word = text[start.._at];
                if (word is "date" or "datetime" && _at < text.Length && text[_at] is '\'' or '"')
                {
                    var quoted = Quoted();
                    var length = _at - start;
                    if (word == "date")
                    {
                        return DateOnly.TryParseExact(quoted, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                            ? new LiteralNode(start, length, date, RuleValueType.Date)
                            : throw Error(start, length, $"'{quoted}' is not a date; write date'2027-01-31'.");
                    }

                    return DateTime.TryParse(quoted, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
                        ? new LiteralNode(start, length, at, RuleValueType.DateTime)
                        : throw Error(start, length, $"'{quoted}' is not a date and time; write datetime'2027-01-31T08:00:00Z'.");
                }

                return word switch
                {
                    "true" => new LiteralNode(start, 4, true, RuleValueType.Boolean),
                    "false" => new LiteralNode(start, 5, false, RuleValueType.Boolean),
                    "null" => new LiteralNode(start, 4, null, RuleValueType.Null),
                    "and" or "or" or "not" or "in" or "contains" => throw Error(start, word.Length, $"Expected a value before `{word}`."),
                    _ when word.EndsWith('.') || word.Contains("..", StringComparison.Ordinal) => throw Error(start, word.Length, $"'{word}' is not a field path."),
                    _ => new PathNode(start, word.Length, word),
                };
            }

            throw Error(_at, 1, $"Unexpected '{c}'; expected a value, a field or `(`.");
        }

        private string Quoted()
        {
            var quote = text[_at];
            var start = _at;
            _at++;
            var end = text.IndexOf(quote, _at);
            if (end < 0)
            {
                throw Error(start, text.Length - start, "This text is never closed.");
            }

            var value = text[_at..end];
            _at = end + 1;
            return value;
        }

        private bool Word(string word)
        {
            Skip();
            if (string.CompareOrdinal(text, _at, word, 0, word.Length) == 0
                && (_at + word.Length == text.Length || !(char.IsAsciiLetterOrDigit(text[_at + word.Length]) || text[_at + word.Length] == '_')))
            {
                _at += word.Length;
                return true;
            }

            return false;
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private static RuleSyntaxException Error(int position, int length, string message) => new(new RuleExpressionError(position, length, message));
    }
}
