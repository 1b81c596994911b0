/*
 * messngr-send: the one-shot client for scripts (issue #15, item 8; README "Start-up for scripts").
 *
 *   messngr-send RECIPIENT TEXT...          is  messngr send RECIPIENT TEXT...
 *   messngr-send --alert TEXT...            is  messngr alert TEXT...
 *   messngr-send --upsmon-notify ARGS...    is  messngr upsmon-notify ARGS...   (NUT upsmon NOTIFYCMD)
 *   messngr-send --clamav-event ARGS...     is  messngr clamav-event ARGS...    (ClamAV VirusEvent)
 *   messngr-send --media-script ARGS...     is  messngr media-script ARGS...    (Zabbix/Nagios)
 *   messngr-send ANYTHING ELSE              is  messngr send ANYTHING ELSE
 *
 * The plain forms are handed to the running daemon over its control socket (POST /v1/send/any,
 * Accept: text/plain): the daemon sends as the caller's uid, exactly as messngr send would, and
 * answers messngr send's own result lines and exit code, which are printed here unchanged. The
 * plain form of an integration is its own argument count after the flag (upsmon-notify MESSAGE,
 * clamav-event none, media-script TO SUBJECT MESSAGE), taken verbatim: it goes as
 * {"integration", "args", "environment"} with only the variables that integration reads, and the
 * daemon maps it to an alert with the same code as the messngr command (issue #15, round 4:
 * contract-integration). Every other command line (options, --help), and the plain ones when no
 * daemon answers or it refuses the request before sending, is execv(2)'d into the messngr beside
 * this program. Written in C because a one-shot client's cost is its start: the .NET runtime
 * alone starts in 2.4-3x a C program's time on the bench machine (bench scenario 4), more than
 * the whole budget of a send (<= 4x the C floor).
 * It holds no rule of its own: which recipients and texts are valid, how a message goes and what
 * is printed are the daemon's and messngr's; this program only decides when it may relay.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

extern char **environ;

/* ExitCodes.cs */
enum { EX_OK_ = 0, EX_UNAVAILABLE_ = 69, EX_PROTOCOL_ = 76, EX_TEMPFAIL_ = 75 };

/* The daemon's answer to one send, read whole: far above one (a line per alert name, 32 at most). */
#define MAX_ANSWER (1024 * 1024)
/* The daemon's own transport timeouts end a send well before this (control socket SO_RCVTIMEO). */
#define ANSWER_TIMEOUT_SECONDS 120
#define SYSTEM_SOCKET "/var/lib/messngr/control.sock"
#define DEFAULT_CONFIG "/etc/messngr/messngr.conf"

/* An integration messngr-send relays: its flag, its messngr command, the caller's arguments it takes
   (the last ones, verbatim) and the only environment variables it reads (upsmon.conf(5) NOTIFYCMD,
   clamd.conf(5) VirusEvent; Zabbix/Nagios media scripts read none). */
struct integration {
    const char *flag, *command;
    int arguments;
    const char *variables[3];
};

static const struct integration integrations[] = {
    { "--upsmon-notify", "upsmon-notify", 1, { "NOTIFYTYPE", "UPSNAME", NULL } },
    { "--clamav-event", "clamav-event", 0, { "CLAM_VIRUSEVENT_FILENAME", "CLAM_VIRUSEVENT_VIRUSNAME", NULL } },
    { "--media-script", "media-script", 3, { NULL } },
};

/* The integration whose flag is the first argument, or NULL. */
static const struct integration *integration_of(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof integrations / sizeof integrations[0]; i++)
        if (strcmp(argv[1], integrations[i].flag) == 0)
            return &integrations[i];
    return NULL;
}

/* The messngr command a command line is: the integration's or alert after its flag, else send. */
static const char *command_of(int argc, char **argv)
{
    const struct integration *integration = integration_of(argc, argv);
    if (integration != NULL)
        return integration->command;
    return argc > 1 && strcmp(argv[1], "--alert") == 0 ? "alert" : "send";
}

/* messngr COMMAND ARGS in place of this process: the arguments after a leading flag (send: all of them). */
static void run_messngr(int argc, char **argv)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(stderr, "messngr-send: cannot find its own path: %s\n", strerror(errno));
        exit(EX_UNAVAILABLE_);
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (slash == NULL || (size_t)(slash - self) + sizeof "/messngr" > sizeof self) {
        fprintf(stderr, "messngr-send: cannot find messngr beside %s\n", self);
        exit(EX_UNAVAILABLE_);
    }
    strcpy(slash + 1, "messngr");
    const char *command = command_of(argc, argv);
    int skip = strcmp(command, "send") == 0 ? 1 : 2;
    char **args = calloc((size_t)(argc - skip) + 3, sizeof *args);
    if (args == NULL) {
        fprintf(stderr, "messngr-send: out of memory\n");
        exit(EX_UNAVAILABLE_);
    }
    args[0] = self;
    args[1] = (char *)command;
    for (int i = skip; i < argc; i++)
        args[i - skip + 2] = argv[i];
    execv(self, args);
    fprintf(stderr, "messngr-send: cannot run %s: %s\n", self, strerror(errno));
    exit(EX_UNAVAILABLE_);
}

/* A word messngr send may read as an option (POSIX or Windows form), or "--". */
static int may_be_option(const char *word) { return word[0] == '-' || word[0] == '/'; }

/* Whether a config file may set the state directory ("state dir", "state-dir", "state_dir", any
   case, in any section): then messngr itself finds the socket. Unreadable or absent: it does not. */
static int config_names_state_dir(const char *path)
{
    FILE *file = fopen(path, "re");
    if (file == NULL)
        return 0;
    char line[4096];
    int found = 0;
    while (!found && fgets(line, sizeof line, file) != NULL) {
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, "state", 5) != 0)
            continue;
        p += 5;
        while (*p == ' ' || *p == '\t' || *p == '-' || *p == '_')
            p++;
        if (strncasecmp(p, "dir", 3) != 0)
            continue;
        p += 3;
        while (*p == ' ' || *p == '\t')
            p++;
        found = *p == '=';
    }
    fclose(file);
    return found;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The control socket by messngr's rule (ControlSocketLocator.cs) where that rule is simple; 0 when
   messngr must decide (a relative or configured state directory, no HOME). */
static int locate_socket(char *out, size_t size)
{
    const char *dir = getenv("MESSNGR_STATE_DIR");
    if (dir != NULL && dir[0] != '\0')
        return dir[0] == '/' && (size_t)snprintf(out, size, "%s/control.sock", dir) < size;
    if (config_names_state_dir(DEFAULT_CONFIG))
        return 0;
    if (geteuid() == 0)
        return (size_t)snprintf(out, size, "%s", SYSTEM_SOCKET) < size;
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int written;
    if (xdg != NULL && xdg[0] != '\0')
        written = xdg[0] == '/' ? snprintf(out, size, "%s/messngr/control.sock", xdg) : -1;
    else
        written = home != NULL && home[0] == '/' ? snprintf(out, size, "%s/.local/state/messngr/control.sock", home) : -1;
    if (written < 0 || (size_t)written >= size)
        return 0;
    /* A user who runs no daemon of their own talks to the system's. */
    if (!exists(out) && exists(SYSTEM_SOCKET))
        snprintf(out, size, "%s", SYSTEM_SOCKET);
    return 1;
}

/* A growing byte buffer; exits on exhaustion (the sizes here are bounded by the caller). */
struct buffer { char *data; size_t length, capacity; };

static void append(struct buffer *b, const char *data, size_t length)
{
    if (b->length + length + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 256;
        while (capacity < b->length + length + 1)
            capacity *= 2;
        char *grown = realloc(b->data, capacity);
        if (grown == NULL) {
            fprintf(stderr, "messngr-send: out of memory\n");
            exit(EX_UNAVAILABLE_);
        }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, data, length);
    b->length += length;
    b->data[b->length] = '\0';
}

static void append_text(struct buffer *b, const char *text) { append(b, text, strlen(text)); }

/* A JSON string (RFC 8259 §7): quotation mark, reverse solidus and U+0000-U+001F escaped; the rest
   as given (the daemon refuses bytes that are not UTF-8, and messngr then says so). */
static void append_json_string(struct buffer *b, const char *text)
{
    append_text(b, "\"");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        char escaped[8];
        if (*p == '"' || *p == '\\') {
            escaped[0] = '\\';
            escaped[1] = (char)*p;
            append(b, escaped, 2);
        } else if (*p < 0x20) {
            snprintf(escaped, sizeof escaped, "\\u%04x", *p);
            append(b, escaped, 6);
        } else {
            append(b, (const char *)p, 1);
        }
    }
    append_text(b, "\"");
}

/* The plain send's body: {"recipient":R,"text":T} or {"alert":true,"text":T}, the words of the text
   (argv[2..]) joined by one space, as messngr send and alert join them. */
static void append_plain_body(struct buffer *body, int alert, int argc, char **argv)
{
    if (alert) {
        append_text(body, "{\"alert\":true,\"text\":");
    } else {
        append_text(body, "{\"recipient\":");
        append_json_string(body, argv[1]);
        append_text(body, ",\"text\":");
    }
    struct buffer text = { 0 };
    append_text(&text, "");
    for (int i = 2; i < argc; i++) {
        if (i > 2)
            append_text(&text, " ");
        append_text(&text, argv[i]);
    }
    append_json_string(body, text.data);
    append_text(body, "}");
    free(text.data);
}

/* An integration's body (contract-integration): {"integration":NAME,"args":[argv[2..] verbatim],
   "environment":{only the integration's variables, only those set; an empty one as ""}}. */
static void append_integration_body(struct buffer *body, const struct integration *integration, int argc, char **argv)
{
    append_text(body, "{\"integration\":");
    append_json_string(body, integration->command);
    append_text(body, ",\"args\":[");
    for (int i = 2; i < argc; i++) {
        if (i > 2)
            append_text(body, ",");
        append_json_string(body, argv[i]);
    }
    append_text(body, "],\"environment\":{");
    int first = 1;
    for (const char *const *name = integration->variables; *name != NULL; name++) {
        const char *value = getenv(*name);
        if (value == NULL)
            continue;
        if (!first)
            append_text(body, ",");
        first = 0;
        append_json_string(body, *name);
        append_text(body, ":");
        append_json_string(body, value);
    }
    append_text(body, "}}");
}

/* Prints why the daemon's answer is unusable; the daemon had the request, so nothing is resent. */
static int broken(const char *command, const char *why, int code)
{
    fprintf(stderr, "messngr %s: %s; the message may have been sent (see 'messngr sent')\n", command, why);
    return code;
}

/* RFC 9112 §7.1: decodes a chunked body in place; its new length, or -1 when it is malformed. */
static long dechunk(char *body, size_t length)
{
    size_t in = 0, out = 0;
    for (;;) {
        char *end = memmem(body + in, length - in, "\r\n", 2);
        if (end == NULL)
            return -1;
        char *digits_end;
        errno = 0;
        unsigned long size = strtoul(body + in, &digits_end, 16);
        if (digits_end == body + in || errno != 0 || (*digits_end != '\r' && *digits_end != ';'))
            return -1;
        in = (size_t)(end - body) + 2;
        if (size == 0)
            return (long)out;
        if (size > length - in || length - in - size < 2 || memcmp(body + in + size, "\r\n", 2) != 0)
            return -1;
        memmove(body + out, body + in, size);
        out += size;
        in += size + 2;
    }
}

int main(int argc, char **argv)
{
    /* The plain forms: RECIPIENT TEXT... or --alert TEXT...; the text is argv[2..] either way. An
       integration's: exactly its own argument count after the flag, whatever they start with (its
       messngr command takes the last ones verbatim, so that many means no option before them). */
    const struct integration *integration = integration_of(argc, argv);
    int alert = integration == NULL && argc > 1 && strcmp(argv[1], "--alert") == 0;
    const char *command = command_of(argc, argv);
    if (integration != NULL ? argc - 2 != integration->arguments
            : argc < 3 || may_be_option(argv[2]) || (alert ? argv[2][0] == '@' : argv[1][0] == '\0' || may_be_option(argv[1]) || argv[1][0] == '@'))
        run_messngr(argc, argv);
    /* A MESSNGR_* setting of the client (code page, config file, alert names ...) is messngr's to honour. */
    for (char **e = environ; *e != NULL; e++)
        if (strncmp(*e, "MESSNGR_", 8) == 0 && strncmp(*e, "MESSNGR_STATE_DIR=", 18) != 0)
            run_messngr(argc, argv);

    struct sockaddr_un address = { .sun_family = AF_UNIX };
    if (!locate_socket(address.sun_path, sizeof address.sun_path))
        run_messngr(argc, argv);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) != 0)
        run_messngr(argc, argv); /* no daemon there (ENOENT, ECONNREFUSED), or not ours to use (EACCES) */
    struct timeval timeout = { .tv_sec = ANSWER_TIMEOUT_SECONDS };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);

    struct buffer body = { 0 }, request = { 0 };
    if (integration != NULL)
        append_integration_body(&body, integration, argc, argv);
    else
        append_plain_body(&body, alert, argc, argv);
    char head[256];
    int head_length = snprintf(head, sizeof head,
        "POST /v1/send/any HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nContent-Type: application/json\r\n"
        "Content-Length: %zu\r\nConnection: close\r\n\r\n", body.length);
    append(&request, head, (size_t)head_length);
    append(&request, body.data, body.length);

    /* One write (the daemon may answer and close as soon as it has the request); when it fails,
       the daemon may have answered already, an early refusal: its answer is read. */
    for (size_t sent = 0; sent < request.length;) {
        ssize_t n = send(fd, request.data + sent, request.length - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        sent += (size_t)n;
    }

    struct buffer answer = { 0 };
    char chunk[16384];
    for (;;) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return broken(command, "the daemon did not answer within 120 s", EX_TEMPFAIL_);
        if (n < 0)
            return broken(command, "the daemon's connection failed", EX_UNAVAILABLE_);
        if (n == 0)
            break;
        if (answer.length + (size_t)n > MAX_ANSWER)
            return broken(command, "the daemon's answer is longer than 1 MiB", EX_PROTOCOL_);
        append(&answer, chunk, (size_t)n);
    }
    close(fd);

    /* HTTP/1.1 status line and head (RFC 9112); anything but 200 was refused before sending. */
    if (answer.length == 0)
        return broken(command, "the daemon closed the connection without an answer", EX_UNAVAILABLE_);
    char *head_end = memmem(answer.data, answer.length, "\r\n\r\n", 4);
    int status = 0;
    if (head_end == NULL || sscanf(answer.data, "HTTP/1.%*1[01] %3d", &status) != 1 || status < 100 || status > 599)
        return broken(command, "the daemon's answer is not HTTP", EX_PROTOCOL_);
    if (status != 200)
        run_messngr(argc, argv);
    *head_end = '\0';
    char *content = head_end + 4;
    size_t content_length = answer.length - (size_t)(content - answer.data);
    int chunked = 0;
    for (char *line = strstr(answer.data, "\r\n"); line != NULL; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "Transfer-Encoding:", 18) == 0 && strcasestr(line + 20, "chunked") != NULL)
            chunked = 1;
    }
    if (chunked) {
        long decoded = dechunk(content, content_length);
        if (decoded < 0)
            return broken(command, "the daemon's chunked answer is malformed", EX_PROTOCOL_);
        content_length = (size_t)decoded;
    }

    /* SendResultText.cs: "exit CODE\n", then "1 LINE\n" for standard output, "2 LINE\n" for standard error. */
    content[content_length] = '\0';
    int exit_code = -1;
    char *end;
    if (strncmp(content, "exit ", 5) != 0 || (exit_code = (int)strtol(content + 5, &end, 10)) < 0 || exit_code > 255 || *end != '\n')
        return broken(command, "the daemon's answer is not the result of a send", EX_PROTOCOL_);
    for (char *line = end + 1; *line != '\0';) {
        char *newline = strchr(line, '\n');
        if (newline == NULL || (line[0] != '1' && line[0] != '2') || line[1] != ' ' || memchr(line, '\0', (size_t)(newline - line)) != NULL)
            return broken(command, "the daemon's answer is not the result of a send", EX_PROTOCOL_);
        /* Each line flushed as written, as messngr's console writers do: mixed to one terminal, the order stays. */
        FILE *stream = line[0] == '1' ? stdout : stderr;
        fwrite(line + 2, 1, (size_t)(newline - line) - 1, stream);
        fflush(stream);
        line = newline + 1;
    }
    return fflush(stdout) == 0 ? exit_code : EX_UNAVAILABLE_;
}
