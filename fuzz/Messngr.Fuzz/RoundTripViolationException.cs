namespace Messngr.Fuzz;

/// <summary>A packet parsed, but writing it and parsing the result did not give the same bytes.</summary>
internal sealed class RoundTripViolationException : Exception
{
    public RoundTripViolationException() { }

    public RoundTripViolationException(string message) : base(message) { }

    public RoundTripViolationException(string message, Exception innerException) : base(message, innerException) { }
}
