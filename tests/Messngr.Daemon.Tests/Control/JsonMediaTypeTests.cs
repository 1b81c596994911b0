using Messngr.Daemon.Control;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #15, review follow-up: the one "is this Content-Type JSON" check of the HTTP API's publish
/// and the Alertmanager receiver. Each had its own: the API's took the text before ';', trimmed (it
/// let malformed parameters through), the receiver's parsed the media type (it let "application / json"
/// through); this one accepts what both accepted and refuses what either refused.
/// </summary>
public sealed class JsonMediaTypeTests
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("Application/JSON; Charset=\"utf-8\"")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/json ; charset=utf-8")]
    [InlineData(" application/json ")]
    [InlineData("application/json; charset=utf-8; foo=bar")]
    [InlineData("application/json;")]
    public void Application_json_in_any_case_with_or_without_parameters_is_json(string contentType)
    {
        Assert.True(JsonMediaType.Is(contentType));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("text/plain")]
    [InlineData("text/json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/jsonp")]
    [InlineData("application/problem+json")]
    [InlineData("application/json-seq")]
    [InlineData("application/*")]
    [InlineData("*/*")]
    [InlineData("application/json, text/plain")]
    [InlineData("application/json x")]
    [InlineData("application / json")]
    public void Anything_else_is_not_json(string? contentType)
    {
        Assert.False(JsonMediaType.Is(contentType));
    }

    [Theory]
    [InlineData("application/json; =utf-8")]
    [InlineData("application/json; charset=\"utf-8")]
    [InlineData("application/json;;charset=utf-8")]
    public void A_malformed_parameter_list_is_not_json(string contentType)
    {
        Assert.False(JsonMediaType.Is(contentType));
    }
}
