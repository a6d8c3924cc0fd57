/* The OSM road router on hand-written networks (tests/fixtures/osm/README.md): profile
 * tags, one-way streets, a ferry with a duration, an access=no road, a disconnected island,
 * a counted (not honoured) turn restriction, snapping to the middle of an edge, the graph
 * cache, bad extracts, and OSRM's node and turn rules: a traffic signal, a barrier, the turn
 * duration at a junction and a restricted (destination-only) way. Expected times are computed by
 * hand from the fixture's distances and the profile speeds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/roads.h"

static char *fixture(const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/osm/%s", ZL_FIXTURES, name);
    return p[k];
}

/* Seconds to drive between two points at kmh. */
static double secs(double lat1, double lon1, double lat2, double lon2, double kmh)
{
    return zl_haversine_km((zl_geo_point){lat1, lon1}, (zl_geo_point){lat2, lon2}) * 3600 / kmh;
}

static zl_road_way eval(zl_road_profile p, const char *const *kv, size_t n)
{
    const char *k[16], *v[16];
    for (size_t i = 0; i < n; i++) {
        k[i] = kv[2 * i];
        v[i] = kv[2 * i + 1];
    }
    return zl_road_way_eval(p, k, v, n);
}

static void profile_tags(void **state)
{
    assert_true(zl_road_maxspeed_kmh("50") == 50);
    assert_true(fabs(zl_road_maxspeed_kmh("30 mph") - 48.28032) < 1e-6);
    assert_true(zl_road_maxspeed_kmh("NL:urban") == 50);
    assert_true(zl_road_maxspeed_kmh("NL:rural") == 80);
    assert_true(zl_road_maxspeed_kmh("nl:motorway") == 130);
    assert_true(zl_road_maxspeed_kmh("NL:zone30") == 30);
    assert_true(zl_road_maxspeed_kmh("DE:zone20") == 20);
    assert_true(zl_road_maxspeed_kmh("XX:rural") == 90);
    assert_true(zl_road_maxspeed_kmh("signals") == 0);

    const char *res[] = {"highway", "residential"};
    zl_road_way w = eval(ZL_ROAD_CAR, res, 1);
    assert_true(w.routable && w.fwd_kmh == 25 && w.bwd_kmh == 25);
    const char *lim[] = {"highway", "primary", "maxspeed", "NL:rural"};
    w = eval(ZL_ROAD_CAR, lim, 2);
    assert_true(fabs(w.fwd_kmh - 64) < 1e-9); /* 80 % of 80 */
    w = eval(ZL_ROAD_AMBULANCE, lim, 2);
    assert_true(w.fwd_kmh == 80);
    const char *rev[] = {"highway", "residential", "oneway", "-1"};
    w = eval(ZL_ROAD_CAR, rev, 2);
    assert_true(w.fwd_kmh == 0 && w.bwd_kmh == 25);
    const char *rb[] = {"highway", "tertiary", "junction", "roundabout"};
    w = eval(ZL_ROAD_CAR, rb, 2);
    assert_true(w.fwd_kmh == 40 && w.bwd_kmh == 0);
    const char *mw[] = {"highway", "motorway"};
    w = eval(ZL_ROAD_CAR, mw, 1);
    assert_true(w.fwd_kmh == 90 && w.bwd_kmh == 0);
    const char *mw2[] = {"highway", "motorway", "oneway", "no"};
    w = eval(ZL_ROAD_CAR, mw2, 2);
    assert_true(w.bwd_kmh == 90);
    const char *priv[] = {"highway", "service", "access", "private"};
    w = eval(ZL_ROAD_CAR, priv, 2); /* local traffic only, as OSRM's restricted */
    assert_true(w.routable && w.restricted);
    w = eval(ZL_ROAD_AMBULANCE, priv, 2);
    assert_true(w.routable && !w.restricted);
    const char *dest[] = {"highway", "service", "motor_vehicle", "destination"};
    assert_true(eval(ZL_ROAD_CAR, dest, 2).restricted);
    const char *no[] = {"highway", "service", "access", "no"};
    assert_false(eval(ZL_ROAD_CAR, no, 2).routable);
    /* surface caps, advisory limit first, weight rates */
    const char *cob[] = {"highway", "primary", "surface", "cobblestone"};
    assert_true(eval(ZL_ROAD_CAR, cob, 2).fwd_kmh == 30);
    const char *adv[] = {"highway", "primary", "maxspeed", "80", "maxspeed:advisory", "50"};
    assert_true(fabs(eval(ZL_ROAD_CAR, adv, 3).fwd_kmh - 40) < 1e-9);
    const char *fwd[] = {"highway", "primary", "maxspeed", "80", "maxspeed:forward", "50"};
    w = eval(ZL_ROAD_CAR, fwd, 3);
    assert_true(fabs(w.fwd_kmh - 40) < 1e-9 && fabs(w.bwd_kmh - 64) < 1e-9);
    assert_true(eval(ZL_ROAD_CAR, res, 1).rate == 1);
    const char *aisle[] = {"highway", "service", "service", "parking_aisle"};
    assert_true(eval(ZL_ROAD_CAR, aisle, 2).rate == 0.5);
    const char *narrow[] = {"highway", "residential", "width", "2.5"};
    assert_true(eval(ZL_ROAD_CAR, narrow, 2).rate == 0.5);
    const char *lane1[] = {"highway", "residential", "lanes", "1", "oneway", "yes"};
    assert_true(eval(ZL_ROAD_CAR, lane1, 3).rate == 1); /* one lane one way is normal */
    const char *open[] = {"highway", "service", "access", "no", "motorcar", "yes"};
    assert_true(eval(ZL_ROAD_CAR, open, 3).routable); /* the most specific tag wins */
    const char *foot[] = {"highway", "footway"};
    assert_false(eval(ZL_ROAD_CAR, foot, 1).routable);
    const char *track[] = {"highway", "track", "motor_vehicle", "yes"}; /* OSRM: 10 km/h */
    assert_true(eval(ZL_ROAD_CAR, track, 2).fwd_kmh == 10);
    const char *track2[] = {"highway", "track", "motor_vehicle", "forestry"};
    assert_false(eval(ZL_ROAD_CAR, track2, 2).routable);
    const char *cons[] = {"highway", "primary", "construction", "primary"};
    assert_false(eval(ZL_ROAD_CAR, cons, 2).routable); /* OSRM's blocked_ways */
    const char *minor[] = {"highway", "primary", "construction", "minor"};
    assert_true(eval(ZL_ROAD_CAR, minor, 2).routable);
    const char *prop[] = {"highway", "primary", "proposed", "yes"};
    assert_false(eval(ZL_ROAD_CAR, prop, 2).routable);
    const char *steps[] = {"highway", "steps", "access", "yes"};
    assert_false(eval(ZL_ROAD_CAR, steps, 2).routable);
    const char *ferry[] = {"route", "ferry", "duration", "PT1H30M"};
    w = eval(ZL_ROAD_CAR, ferry, 2);
    assert_true(w.ferry && w.ferry_s == 5400);
    const char *ferry2[] = {"route", "ferry", "duration", "01:30"};
    assert_true(eval(ZL_ROAD_CAR, ferry2, 2).ferry_s == 5400);
    const char *ferry3[] = {"route", "ferry", "motor_vehicle", "no"};
    assert_false(eval(ZL_ROAD_CAR, ferry3, 2).routable);
}

static zl_road_graph *build(const char *name)
{
    zl_road_graph *g = NULL;
    zl_err err = {0};
    if (zl_road_graph_build(fixture(name), ZL_ROAD_CAR, NULL, &g, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    return g;
}

static zl_road_graph *net(void)
{
    return build("net.osm");
}

/* One pair's minutes with the access leg left out, so the figure is the road time. */
static double minutes(const zl_road_graph *g, zl_geo_point a, zl_geo_point b)
{
    zl_road_opts o = zl_road_opts_default();
    o.access_kmh = 0;
    o.threads = 1;
    double m, km;
    zl_err err = {0};
    assert_int_equal(zl_road_matrix(g, &o, &a, 1, &b, 1, &m, &km, NULL, NULL, NULL, &err), ZL_OK);
    return m;
}

static void graph_shape(void **state)
{
    zl_road_graph *g = net();
    zl_road_graph_info info;
    zl_road_graph_info_get(g, &info);
    /* ways 10-13, 15, 16 (ferry), 17 are drivable; 14 (access=no) and 18 (footway) not */
    assert_int_equal(info.osm_ways, 7);
    assert_int_equal(info.scc_dropped_nodes, 2); /* the island 20-21 */
    assert_int_equal(info.turn_restrictions_ignored, 1);
    /* Junctions 4 (three roads), 6 (one-way meets two-way) and 31 (dead end); 1, 2, 3, 5
     * and 30 lie inside chains: 4-5-6, 6-3-2-1-4 and 4-30-31 (ferry, then road). */
    assert_int_equal(info.nodes, 3);
    assert_int_equal(info.merged_nodes, 5);
    assert_int_equal(info.edges, 5); /* 4->6 one way, the other two chains both ways */
    assert_int_equal(strlen(info.extract_hash), 64);
    zl_road_graph_free(g);
}

static void one_way_and_closed(void **state)
{
    zl_road_graph *g = net();
    zl_geo_point n1 = {52.0, 5.0}, n2 = {52.0, 5.01}, n4 = {52.01, 5.0}, n5 = {52.01, 5.01},
                 n6 = {52.01, 5.02}, n3 = {52.0, 5.02};
    /* 4 -> 6 along the one-way primary at 80 km/h (80 % of maxspeed 100). */
    double fwd = (secs(52.01, 5.0, 52.01, 5.01, 80) + secs(52.01, 5.01, 52.01, 5.02, 80)) / 60;
    assert_true(fabs(minutes(g, n4, n6) - fwd) < 1e-3);
    /* 6 -> 4 must go round by 3, 2, 1 at 25 km/h. */
    double back = (secs(52.01, 5.02, 52.0, 5.02, 25) + secs(52.0, 5.02, 52.0, 5.01, 25) +
                   secs(52.0, 5.01, 52.0, 5.0, 25) + secs(52.0, 5.0, 52.01, 5.0, 25)) /
                  60;
    assert_true(fabs(minutes(g, n6, n4) - back) < 1e-3);
    /* 2 -> 5: the direct road is access=no: via 1, 4 and the one-way primary. */
    /* 4 is a junction of three roads: arriving northbound, a right turn onto the primary. */
    double via = (secs(52.0, 5.01, 52.0, 5.0, 25) + secs(52.0, 5.0, 52.01, 5.0, 25) +
                  zl_road_turn_s(90) + secs(52.01, 5.0, 52.01, 5.01, 80)) /
                 60;
    assert_true(fabs(minutes(g, n2, n5) - via) < 1e-3);
    (void)n1;
    (void)n3;
    zl_road_graph_free(g);
}

static void ferry_duration(void **state)
{
    zl_road_graph *g = net();
    /* 31 -> 4: the road 31-30 at 25 km/h, then the ferry's 10 minutes whatever its length. */
    double want = secs(52.03, 5.01, 52.03, 5.0, 25) / 60 + 10;
    assert_true(fabs(minutes(g, (zl_geo_point){52.03, 5.01}, (zl_geo_point){52.01, 5.0}) - want) <
                1e-3);
    zl_road_graph_free(g);
}

static void node_tags(void **state)
{
    const char *sig[] = {"highway", "traffic_signals"};
    const char *bol[] = {"barrier", "bollard"};
    const char *gate[] = {"barrier", "gate"};
    const char *rising[] = {"barrier", "bollard", "bollard", "rising"};
    const char *kerb[] = {"barrier", "kerb", "kerb", "lowered"};
    const char *low[] = {"barrier", "height_restrictor", "maxheight", "1.9"};
    const char *high[] = {"barrier", "height_restrictor", "maxheight", "2.5"};
    const char *open[] = {"barrier", "bollard", "motor_vehicle", "yes"};
    const char *shut[] = {"barrier", "gate", "access", "no"};
    const char *priv[] = {"barrier", "gate", "access", "private"};
    const char *k[2], *v[2];
#define NODE(t)                                                                                    \
    (k[0] = t[0], v[0] = t[1], k[1] = t[2 % (sizeof t / sizeof *t)],                               \
     v[1] = t[3 % (sizeof t / sizeof *t)],                                                         \
     zl_road_node_eval(ZL_ROAD_CAR, k, v, sizeof t / sizeof *t / 2))
    assert_int_equal(NODE(sig), ZL_ROAD_NODE_SIGNAL);
    assert_int_equal(NODE(bol), ZL_ROAD_NODE_BARRIER);
    assert_int_equal(NODE(gate), 0);
    assert_int_equal(NODE(rising), 0);
    assert_int_equal(NODE(kerb), 0);
    assert_int_equal(NODE(low), ZL_ROAD_NODE_BARRIER);
    assert_int_equal(NODE(high), 0);
    assert_int_equal(NODE(open), 0);
    assert_int_equal(NODE(shut), ZL_ROAD_NODE_BARRIER);
    assert_int_equal(NODE(priv), 0); /* restricted, not closed */
#undef NODE
    /* the turn sigmoid: straight on almost free, right cheaper than left, at most 7.5 s */
    assert_true(zl_road_turn_s(0) < 0.01);
    assert_true(fabs(zl_road_turn_s(90) - 2.10) < 0.01);
    assert_true(fabs(zl_road_turn_s(-90) - 5.39) < 0.01);
    assert_true(zl_road_turn_s(180) < 7.5 && zl_road_turn_s(-180) < 7.5);
}

/* Seconds along the rules fixtures at 25 km/h. */
#define R(a, b, c, d) secs(a, b, c, d, 25)

static void signal_barrier_turn(void **state)
{
    zl_road_graph *g = build("rules_barrier.osm");
    zl_geo_point n1 = {52.0, 5.0}, n3 = {52.0, 5.02}, n5 = {52.0, 5.04};
    /* 1 -> 3: through the signal at 2 (+2 s); 3 is the destination itself, no turn. */
    double to3 = R(52.0, 5.0, 52.0, 5.01) + R(52.0, 5.01, 52.0, 5.02) + ZL_ROAD_SIGNAL_S;
    assert_true(fabs(minutes(g, n1, n3) * 60 - to3) < 0.05);
    /* 1 -> 5: the bollard at 4 closes the direct road: left at 3 (90 degrees), round by 6
     * and 7. */
    double detour = to3 + zl_road_turn_s(-90) + R(52.0, 5.02, 52.01, 5.02) +
                    R(52.01, 5.02, 52.01, 5.04) + R(52.01, 5.04, 52.0, 5.04);
    assert_true(fabs(minutes(g, n1, n5) * 60 - detour) < 0.05);
    zl_road_graph_free(g);
}

static void restricted_way(void **state)
{
    zl_road_graph *g = build("rules_restricted.osm");
    zl_geo_point n1 = {52.0, 5.0}, n5 = {52.0, 5.04}, mid = {52.0, 5.025};
    double to3 = R(52.0, 5.0, 52.0, 5.01) + R(52.0, 5.01, 52.0, 5.02) + ZL_ROAD_SIGNAL_S;
    /* 1 -> 5: the direct road is destination-only, so the route goes round (the detour's
     * time is reported, not the restricted road's). */
    double detour = to3 + zl_road_turn_s(-90) + R(52.0, 5.02, 52.01, 5.02) +
                    R(52.01, 5.02, 52.01, 5.04) + R(52.01, 5.04, 52.0, 5.04);
    assert_true(fabs(minutes(g, n1, n5) * 60 - detour) < 0.05);
    /* A destination on the restricted road is reached by it: straight on at 3. */
    double in = to3 + zl_road_turn_s(0) + R(52.0, 5.02, 52.0, 5.025);
    assert_true(fabs(minutes(g, n1, mid) * 60 - in) < 0.05);
    /* and a start on it drives out the same way. */
    double out = R(52.0, 5.025, 52.0, 5.02) + zl_road_turn_s(0) + to3;
    assert_true(fabs(minutes(g, mid, n1) * 60 - out) < 0.05);
    zl_road_graph_free(g);
}

static void snap_mid_edge(void **state)
{
    zl_road_graph *g = net();
    /* 30 m south of the middle of 1-2. */
    zl_geo_point p = {52.0 - 30 / 111194.93, 5.005};
    zl_road_snap s = zl_road_snap_point(g, p, 5000);
    assert_true(s.ok);
    assert_true(fabs(s.dist_m - 30) < 0.5);
    assert_true(fabs(s.lat - 52.0) < 1e-7 && fabs(s.lon - 5.005) < 1e-7);
    /* From there to node 1: half of 1-2 at 25 km/h, plus the 30 m access leg at 20 km/h. */
    zl_road_opts o = zl_road_opts_default();
    zl_geo_point n1 = {52.0, 5.0};
    double m, km;
    zl_err err = {0};
    assert_int_equal(zl_road_matrix(g, &o, &p, 1, &n1, 1, &m, &km, NULL, NULL, NULL, &err), ZL_OK);
    double want = (secs(52.0, 5.0, 52.0, 5.005, 25) + 30 * 3.6 / 20) / 60;
    assert_true(fabs(m - want) < 2e-3);
    double want_km = zl_haversine_km(n1, (zl_geo_point){52.0, 5.005}) + 0.030;
    assert_true(fabs(km - want_km) < 1e-3);
    /* Far points: the island is not in the network, the sea is nowhere near it. */
    zl_geo_point far[2] = {{52.05, 5.055}, {53.0, 4.0}};
    double mm[2], kk[2];
    bool ff[2];
    o.max_snap_m = 1000;
    assert_int_equal(zl_road_matrix(g, &o, far, 2, &n1, 1, mm, kk, ff, NULL, NULL, &err), ZL_OK);
    assert_true(ff[0] && ff[1] && isnan(mm[0]) && isnan(mm[1]));
    zl_road_graph_free(g);
}

static void same_edge(void **state)
{
    zl_road_graph *g = net();
    /* Both on the one-way primary 4-5: forward is along the edge, backward goes round. */
    zl_geo_point a = {52.01, 5.002}, b = {52.01, 5.008};
    double along = secs(52.01, 5.002, 52.01, 5.008, 80) / 60;
    assert_true(fabs(minutes(g, a, b) - along) < 1e-3);
    assert_true(minutes(g, b, a) > 5 * along);
    zl_road_graph_free(g);
}

static void cache_round_trip(void **state)
{
    char *prefix = tu_temp_path("");
    zl_road_graph *g1 = NULL, *g2 = NULL;
    bool cached = true;
    zl_err err = {0};
    assert_int_equal(
        zl_road_graph_cached(fixture("net.osm"), ZL_ROAD_CAR, prefix, NULL, &g1, &cached, &err),
        ZL_OK);
    assert_false(cached);
    assert_int_equal(
        zl_road_graph_cached(fixture("net.osm"), ZL_ROAD_CAR, prefix, NULL, &g2, &cached, &err),
        ZL_OK);
    assert_true(cached);
    zl_geo_point pts[3] = {{52.0, 5.005}, {52.01, 5.02}, {52.03, 5.01}};
    double m1[9], m2[9], k1[9], k2[9];
    zl_road_opts o = zl_road_opts_default();
    assert_int_equal(zl_road_matrix(g1, &o, pts, 3, pts, 3, m1, k1, NULL, NULL, NULL, &err), ZL_OK);
    assert_int_equal(zl_road_matrix(g2, &o, pts, 3, pts, 3, m2, k2, NULL, NULL, NULL, &err), ZL_OK);
    assert_memory_equal(m1, m2, sizeof m1);
    assert_memory_equal(k1, k2, sizeof k1);
    assert_true(m1[0] < 1e-9 && m1[1] > 0);
    zl_road_graph_info i1, i2;
    zl_road_graph_info_get(g1, &i1);
    zl_road_graph_info_get(g2, &i2);
    assert_memory_equal(&i1, &i2, sizeof i1);
    char path[600];
    snprintf(path, sizeof path, "%s-%.16s-car.graph", prefix, i1.extract_hash);
    assert_int_equal(remove(path), 0);
    zl_road_graph_free(g1);
    zl_road_graph_free(g2);
    free(prefix);
}

static void bad_extracts(void **state)
{
    zl_road_graph *g = NULL;
    zl_err err = {0};
    assert_int_equal(zl_road_graph_build(fixture("notpbf.osm.pbf"), ZL_ROAD_CAR, NULL, &g, &err),
                     ZL_EINPUT);
    assert_contains(err.msg, "notpbf.osm.pbf");
    assert_int_equal(zl_road_graph_build(fixture("truncated.osm.pbf"), ZL_ROAD_CAR, NULL, &g, &err),
                     ZL_EINPUT);
    assert_contains(err.msg, "truncated.osm.pbf");
    assert_int_equal(zl_road_graph_build(fixture("noroads.osm"), ZL_ROAD_CAR, NULL, &g, &err),
                     ZL_EINPUT);
    assert_contains(err.msg, "no roads the car profile may drive");
    assert_int_equal(zl_road_graph_build(fixture("missing.osm"), ZL_ROAD_CAR, NULL, &g, &err),
                     ZL_EINPUT);
    assert_null(g);
    /* A node of a road with a longitude out of range (found by fuzz_osm: the fixed-point
     * conversion overflowed) is refused, naming the node. */
    char bad[64];
    snprintf(bad, sizeof bad, "/tmp/zl-test-roads-%d.osm", (int)getpid());
    FILE *f = fopen(bad, "w");
    assert_non_null(f);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\">\n"
          "<node id=\"1\" lat=\"52.0\" lon=\"5.0\"/>\n"
          "<node id=\"2\" lat=\"52.0\" lon=\"50020\"/>\n"
          "<way id=\"10\"><nd ref=\"1\"/><nd ref=\"2\"/>"
          "<tag k=\"highway\" v=\"primary\"/></way>\n</osm>\n",
          f);
    fclose(f);
    assert_int_equal(zl_road_graph_build(bad, ZL_ROAD_CAR, NULL, &g, &err), ZL_EINPUT);
    assert_contains(err.msg, "node 2 has coordinates outside");
    assert_null(g);
    remove(bad);
    /* A PBF block header claiming 4 GiB (found by fuzz_osm: readosm allocated it) and a
     * block longer than the file are refused before readosm reads them. */
    snprintf(bad, sizeof bad, "/tmp/zl-test-roads-%d.osm.pbf", (int)getpid());
    assert_non_null(f = fopen(bad, "wb"));
    fwrite("\xf4\x50\x00\x00OSMHeader", 1, 13, f);
    fclose(f);
    assert_int_equal(zl_road_graph_build(bad, ZL_ROAD_CAR, NULL, &g, &err), ZL_EINPUT);
    assert_contains(err.msg, "not an OSM PBF file (block at byte 0: header of 4098883584 bytes");
    assert_int_equal(zl_road_graph_build(fixture("truncated.osm.pbf"), ZL_ROAD_CAR, NULL, &g, &err),
                     ZL_EINPUT);
    assert_contains(err.msg, "truncated PBF (block at byte");
    remove(bad);
    /* XML that readosm would crash on (a tag without v) or leak on (malformed) is refused
     * before readosm reads it (found by fuzz_osm). */
    snprintf(bad, sizeof bad, "/tmp/zl-test-roads-%d.osm", (int)getpid());
    assert_non_null(f = fopen(bad, "w"));
    fputs("<osm>\n<node id=\"1\" lat=\"52\" lon=\"5\"/>\n<way id=\"2\"><nd ref=\"1\"/>"
          "<tag k=\"highway\" d=\"x\"/></way>\n</osm>\n",
          f);
    fclose(f);
    assert_int_equal(zl_road_graph_build(bad, ZL_ROAD_CAR, NULL, &g, &err), ZL_EINPUT);
    assert_contains(err.msg, ":3: malformed OSM XML: <tag> without 'v'");
    assert_non_null(f = fopen(bad, "w"));
    fputs("<osm>\n<node id=\"1\" lat=\"52\" lon=\"5\">\n</osm>\n", f);
    fclose(f);
    assert_int_equal(zl_road_graph_build(bad, ZL_ROAD_CAR, NULL, &g, &err), ZL_EINPUT);
    assert_contains(err.msg, "malformed OSM XML");
    remove(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(profile_tags),       cmocka_unit_test(graph_shape),
        cmocka_unit_test(one_way_and_closed), cmocka_unit_test(ferry_duration),
        cmocka_unit_test(snap_mid_edge),      cmocka_unit_test(same_edge),
        cmocka_unit_test(cache_round_trip),   cmocka_unit_test(bad_extracts),
        cmocka_unit_test(node_tags),          cmocka_unit_test(signal_barrier_turn),
        cmocka_unit_test(restricted_way),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
