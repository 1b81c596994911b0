using System.Net.Sockets;
using System.Text;
using Messngr.Cli.Control;
using Messngr.Daemon.Control.Api;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// The daemon may answer and close as soon as it has a request's head: a body it refuses unread
/// (413), or an empty one. The client wrote the body in a second write, which then failed with EPIPE
/// and was reported as "the daemon closed the connection" (exit 69) although the answer was waiting
/// to be read — seen as a rare `listen --ack` / `read` failure in CI. Now the client writes head and
/// body at once and, when a write fails, still reads the answer the daemon sent.
/// </summary>
public sealed class ClientEarlyAnswerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("messngr-early-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_body_the_daemon_refuses_unread_gives_the_daemons_answer_not_a_closed_connection()
    {
        var socketPath = Path.Combine(_directory, "control.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var server = AnswerAfterHeadAsync(listener, "{\"error\":\"too-large\",\"message\":\"the request body is too large\"}");

        var client = new ControlClient(socketPath, TimeSpan.FromSeconds(30));
        var huge = new string('x', 4 * 1024 * 1024); // far beyond what the socket buffers hold: the write must block, then fail
        var failure = await Assert.ThrowsAsync<ControlClientException>(() =>
            client.SendNativeAsync(new NativeSendRequest("BOB", huge), TimeSpan.FromSeconds(30), CancellationToken.None));
        await server.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("the request body is too large", failure.Message);
        Assert.NotEqual(ControlFailure.Unavailable, failure.Failure);
    }

    /// <summary>Reads up to the end of the head only, answers 413 with <paramref name="json"/>, and closes.</summary>
    private static async Task AnswerAfterHeadAsync(Socket listener, string json)
    {
        using var connection = await listener.AcceptAsync();
        var head = new List<byte>();
        var buffer = new byte[1];
        while (!head.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()))
        {
            if (await connection.ReceiveAsync(buffer) == 0)
            {
                return;
            }

            head.Add(buffer[0]);
        }

        var body = Encoding.UTF8.GetBytes(json);
        await connection.SendAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n").Concat(body).ToArray());
        connection.Shutdown(SocketShutdown.Both);
    }
}
