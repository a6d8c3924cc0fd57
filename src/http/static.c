/* Static files: the browser UI as built (build/www: pages, vendored libraries, the compact
 * map) and the full map geometry from the repository's data directory
 * (/data/pc4.geojson, /data/provinces.geojson). A precompressed FILE.gz is sent when the
 * browser accepts gzip; validators (ETag, Last-Modified) answer revalidations with 304.
 * Paths are checked so nothing outside those directories can be read. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_internal.h"

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".geojson", "application/geo+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

/* Only plain names: letters, digits, '-', '_', '.', '/' and no ".." segment. */
static bool safe_path(const char *p)
{
    if (p[0] != '/' || strstr(p, "..") || strstr(p, "//"))
        return false;
    for (const char *c = p; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_' || *c == '.' || *c == '/'))
            return false;
    }
    return true;
}

/* True when Accept-Encoding lists gzip (or *) without q=0. */
static bool accepts_gzip(const char *ae)
{
    if (!ae)
        return false;
    for (const char *p = ae; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ",");
        size_t tok = strcspn(p, ";, ");
        bool named = (tok == 4 && strncasecmp(p, "gzip", 4) == 0) || (tok == 1 && *p == '*');
        if (named) {
            const char *q = memchr(p, ';', n);
            if (!q)
                return true;
            /* "q=0", "q=0.0", "q=0.000" refuse; any other weight accepts. */
            while (q < p + n && (*q == ';' || *q == ' '))
                q++;
            if (strncasecmp(q, "q=", 2) != 0)
                return true;
            q += 2;
            if (*q != '0')
                return true;
            for (q++; q < p + n && (*q == '.' || *q == '0'); q++)
                ;
            if (q < p + n && *q >= '1' && *q <= '9')
                return true;
            return false;
        }
        p += n;
    }
    return false;
}

/* Long-lived caching for the vendored libraries and the map data (they change only with a
 * rebuild); pages and our own scripts are revalidated every time (cheap: 304). */
static const char *cache_control(const char *url)
{
    if (strncmp(url, "/vendor/", 8) == 0 || strncmp(url, "/data/", 6) == 0)
        return "public, max-age=86400";
    return "no-cache";
}

static struct MHD_Response *file_response(struct MHD_Connection *conn, const char *url,
                                          const char *path, int *status)
{
    const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
    char gz[1100];
    int fd = -1;
    bool gzipped = false, has_gz = false;
    if ((size_t)snprintf(gz, sizeof gz, "%s.gz", path) < sizeof gz) {
        struct stat gst;
        has_gz = stat(gz, &gst) == 0 && S_ISREG(gst.st_mode);
        if (has_gz && accepts_gzip(ae) && (fd = open(gz, O_RDONLY | O_CLOEXEC)) >= 0)
            gzipped = true;
    }
    if (fd < 0 && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return NULL;
    }
    /* A strong validator per representation: the gzip copy has its own. */
    char etag[80];
    snprintf(etag, sizeof etag, "\"%llx-%llx%s\"", (unsigned long long)st.st_mtime,
             (unsigned long long)st.st_size, gzipped ? "-gz" : "");
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    struct MHD_Response *resp;
    if (inm && strstr(inm, etag)) {
        close(fd);
        resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
        *status = 304;
    } else {
        resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
        if (!resp)
            close(fd);
        *status = 200;
    }
    if (!resp)
        return NULL;
    char modified[64];
    struct tm tm;
    gmtime_r(&st.st_mtime, &tm);
    strftime(modified, sizeof modified, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    MHD_add_response_header(resp, "Content-Type", content_type(path));
    MHD_add_response_header(resp, "Cache-Control", cache_control(url));
    MHD_add_response_header(resp, "ETag", etag);
    MHD_add_response_header(resp, "Last-Modified", modified);
    if (gzipped)
        MHD_add_response_header(resp, "Content-Encoding", "gzip");
    if (has_gz)
        MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    /* Everything the UI needs comes from this server: no CDN, no other origin. */
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                            "frame-ancestors 'none'");
    return resp;
}

struct MHD_Response *http_static(const zl_http_server *srv, struct MHD_Connection *conn,
                                 const char *url, int *status)
{
    *status = 404;
    if (!safe_path(url))
        return NULL;
    char path[1024];
    const char *name = url + 6;
    if (strncmp(url, "/data/", 6) == 0 &&
        (strcmp(name, "pc4.geojson") == 0 || strcmp(name, "provinces.geojson") == 0)) {
        if (!srv->cfg.data_dir)
            return NULL;
        snprintf(path, sizeof path, "%s/nl/%s", srv->cfg.data_dir, name);
        return file_response(conn, url, path, status);
    }
    if (!srv->cfg.web_dir)
        return NULL;
    const char *tail = strcmp(url, "/") == 0 ? "/index.html" : url;
    int n = snprintf(path, sizeof path, "%s%s", srv->cfg.web_dir, tail);
    if (n < 0 || (size_t)n >= sizeof path)
        return NULL;
    return file_response(conn, url, path, status);
}
