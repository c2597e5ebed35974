using System.Linq.Expressions;
using Arena.Data.Entities;

namespace Arena.Server.Running;

/// <summary>
/// Builds <c>CASE WHEN Id = @id1 THEN @value1 WHEN … ELSE column END</c>, so a batch of rows, each with its own new
/// value, is written by one set-based UPDATE.
/// </summary>
static class ById
{
    public static Expression<Func<Submission, T>> Case<T>(IEnumerable<(Guid Id, T Value)> values, Expression<Func<Submission, T>> otherwise)
    {
        var row = otherwise.Parameters[0];
        var id = Expression.Property(row, nameof(Submission.Id));
        var body = otherwise.Body;
        foreach (var (key, value) in values)
            body = Expression.Condition(Expression.Equal(id, Captured(key)), Captured(value), body);
        return Expression.Lambda<Func<Submission, T>>(body, row);
    }

    /// <summary>A value held the way a lambda's closure holds it, so EF Core sends it as a parameter rather than writing it into the SQL.</summary>
    static MemberExpression Captured<T>(T value) => Expression.Property(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    sealed record Box<T>(T Value);
}
