/* Localised API error messages: the language a request asks for (?lang=, else the first
 * of nl/en in Accept-Language, else English) and a Dutch rendering of the messages the
 * server and the library give. Messages are matched against English templates in which
 * "*" stands for any text (file names, codes, numbers); the Dutch template puts the same
 * pieces back in the same order. A message without a template stays English, and the
 * error body says which language it is in. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http_internal.h"

typedef struct msg_pair {
    const char *en, *nl;
} msg_pair;

/* Longer, more specific templates first: the first match wins. */
static const msg_pair messages[] = {
    {"no such endpoint", "dit adres bestaat niet in de API"},
    {"no such page or file", "deze pagina of dit bestand bestaat niet"},
    {"this method is not allowed on this path", "deze methode is hier niet toegestaan"},
    {"static files are read-only", "statische bestanden zijn alleen te lezen"},
    {"this endpoint needs a bearer token", "hiervoor is een token nodig (Authorization: Bearer)"},
    {"this token's role may not use this endpoint", "de rol van dit token mag dit niet"},
    {"the server could not answer this request", "de server kon dit verzoek niet beantwoorden"},
    {"the request body is larger than the server accepts",
     "het verzoek is groter dan de server aanneemt"},
    {"invalid token", "ongeldig token"},
    {"token revoked", "token ingetrokken"},
    {"use 'Authorization: Bearer <token>'", "gebruik 'Authorization: Bearer <token>'"},
    {"unknown query parameter '*' (allowed: *)", "onbekende parameter '*' (toegestaan: *)"},
    {"unknown member '*' in the body (allowed: *)", "onbekend veld '*' in het verzoek (toegestaan: *)"},
    {"query parameter '*': expected an integer *", "parameter '*': verwacht een geheel getal *"},
    {"query parameter '*' is required", "parameter '*' is verplicht"},
    {"query parameter '*': expected YYYY-MM-DD", "parameter '*': verwacht JJJJ-MM-DD"},
    {"query parameter '*': true or false", "parameter '*': true of false"},
    {"query parameter 'q': at most 200 characters", "zoekvraag: hoogstens 200 tekens"},
    {"query parameter 'lang': nl or en", "parameter 'lang': nl of en"},
    {"'*' must be a number *", "'*' moet een getal zijn *"},
    {"'*' must be an array of location ids", "'*' moet een lijst van locatie-id's zijn"},
    {"'*' is required", "'*' is verplicht"},
    {"'norm': a number, \"current\" or \"proposed\"",
     "'norm': een getal, \"current\" of \"proposed\""},
    {"'rule' region needs 'region_layer' (e.g. province)",
     "regel 'region' heeft een regio-indeling nodig ('region_layer', bijv. province)"},
    {"'year': expected a year 1900..2200", "'year': verwacht een jaar 1900..2200"},
    {"* has no proposed norm", "voor * is geen norm voorgesteld"},
    {"no intervention with this code", "geen interventie met deze code"},
    {"no location with this id", "geen locatie met dit nummer"},
    {"no disorder with this ORPHAcode", "geen aandoening met deze ORPHAcode"},
    {"no area with PC4 *", "geen postcodegebied *"},
    {"a PC4 postcode is a number 1000..9999", "een postcode (PC4) is een getal 1000..9999"},
    {"an ORPHAcode looks like ORPHA:558 or 558", "een ORPHAcode ziet eruit als ORPHA:558 of 558"},
    {"no patient flows for * in any year (import flows)",
     "geen patiëntstromen voor * in enig jaar (importeer stromen)"},
    {"no patient flows for * (import flows for that year)",
     "geen patiëntstromen voor * (importeer stromen voor dat jaar)"},
    {"no patients for * in *: nothing to optimise", "geen patiënten voor * in *: niets te optimaliseren"},
    {"no travel times: run `zl travel build`", "geen reistijden: voer `zl travel build` uit"},
    {"location * is both kept and excluded", "locatie * is zowel behouden als uitgesloten"},
    {"the body must be JSON (Content-Type: application/json)",
     "het verzoek moet JSON zijn (Content-Type: application/json)"},
    {"the body must be a JSON object", "het verzoek moet een JSON-object zijn"},
    {"the request body is empty; send a JSON object", "het verzoek is leeg; stuur een JSON-object"},
    {"invalid JSON at line *", "ongeldige JSON op regel *"},
    {"*: no feasible choice *", "*: geen toegestane keuze *"},
    {"query parameter 'format': csv or xlsx", "parameter 'format': csv of xlsx"},
    {"'rows' must be an array of at most *", "'rows' moet een lijst van hoogstens * zijn"},
    {"'csv' must be the text of the registration file", "'csv' moet de tekst van het registratiebestand zijn"},
    {"cannot store the upload", "het bestand kon niet worden opgeslagen"},
    {"*: line *: *", "*: regel *: *"},
};

const char *http_lang(struct MHD_Connection *conn)
{
    const char *q = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang");
    if (q)
        return strcmp(q, "nl") == 0 ? "nl" : "en";
    const char *al = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language");
    /* The first of nl / en in the header's order (weights are rarely out of order). */
    for (const char *p = al; p && *p; p++) {
        if ((p == al || p[-1] == ',' || p[-1] == ' ') && strncasecmp(p, "nl", 2) == 0 &&
            (p[2] == '\0' || p[2] == '-' || p[2] == ',' || p[2] == ';'))
            return "nl";
        if ((p == al || p[-1] == ',' || p[-1] == ' ') && strncasecmp(p, "en", 2) == 0 &&
            (p[2] == '\0' || p[2] == '-' || p[2] == ',' || p[2] == ';'))
            return "en";
    }
    return "en";
}

#define MAX_PIECES 4

/* Matches msg against tpl; pieces receive the text each "*" stood for. */
static bool match(const char *tpl, const char *msg, const char *start[MAX_PIECES],
                  size_t len[MAX_PIECES], int *n)
{
    if (*tpl == '\0')
        return *msg == '\0';
    if (*tpl == '*') {
        if (*n >= MAX_PIECES)
            return false;
        int k = (*n)++;
        /* Shortest piece first, so the literal text after it anchors the match. */
        for (const char *m = msg;; m++) {
            start[k] = msg;
            len[k] = (size_t)(m - msg);
            if (m > msg && match(tpl + 1, m, start, len, n))
                return true;
            if (!*m)
                break;
        }
        (*n)--;
        return false;
    }
    return *tpl == *msg && match(tpl + 1, msg + 1, start, len, n);
}

const char *http_translate(const char *msg, const char *lang, char *buf, size_t cap)
{
    if (strcmp(lang, "nl") != 0)
        return msg;
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++) {
        const char *start[MAX_PIECES];
        size_t len[MAX_PIECES];
        int n = 0;
        if (!match(messages[i].en, msg, start, len, &n))
            continue;
        size_t o = 0;
        int k = 0;
        for (const char *t = messages[i].nl; *t && o + 1 < cap; t++) {
            if (*t == '*' && k < n) {
                for (size_t j = 0; j < len[k] && o + 1 < cap; j++)
                    buf[o++] = start[k][j];
                k++;
            } else {
                buf[o++] = *t;
            }
        }
        buf[o] = '\0';
        return buf;
    }
    return msg;
}
