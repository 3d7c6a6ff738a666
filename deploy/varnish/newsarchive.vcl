# Varnish in front of newsarchive: anonymous readers are served from memory, every other
# request goes to Django unchanged. Tested with Debian's varnish 7.1 and varnish-modules
# (xkey); docs/front-cache.md explains each choice.
vcl 4.1;

import std;
import xkey;

# site.vcl is the operator's (the tests and the benchmark write their own): the app
# servers as `backend default` (with a health probe, so stale-if-error can work) and
# `acl purgers`, the addresses allowed to purge. See site.vcl.example beside this file.
include "site.vcl";

sub vcl_recv {
    # Purges by key, sent by the app's background worker: "PURGE /" with the keys in an
    # xkey-purge header (space-separated). Anyone else is refused: a purge empties pages.
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }

    # Only Varnish says what it can do: a client's claim is dropped (see below).
    unset req.http.Surrogate-Capability;
    if (req.restarts == 0) {
        unset req.http.X-Fresh-Fetch;
    }

    # The per-reader parts of a cached page (CSRF token, the comment form's signed
    # timestamp) are ESI fragments. A reader with a cookie gets theirs from the app, never
    # stored; readers with none share one for a few seconds (the app says how long).
    # A client has no reason to ask for a fragment directly.
    if (req.url ~ "^/_esi/") {
        if (req.esi_level == 0) {
            return (synth(404, "Not Found"));
        }
        if (req.http.Cookie) {
            return (pass);
        }
        return (hash);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # A reader with any cookie but the CSRF one (a session, a pending comment, a saved name,
    # a flash message, a pin to the primary database) gets a page made for them. The CSRF
    # cookie alone does not make a page personal: its token comes from an ESI fragment.
    if (req.http.Cookie) {
        set req.http.X-Other-Cookies = regsuball(req.http.Cookie, "(^|;)\s*csrftoken=[^;]*", "");
        if (req.http.X-Other-Cookies ~ "[^;\s]") {
            unset req.http.X-Other-Cookies;
            return (pass);
        }
        unset req.http.X-Other-Cookies;
    }
    # Tells Django it may leave the per-reader parts to us as <esi:include> tags (Edge
    # Architecture Specification). Django believes it only from TRUSTED_PROXIES.
    set req.http.Surrogate-Capability = "varnish=ESI/1.0";
    if (req.restarts > 0 && req.http.X-Fresh-Fetch) {
        # Restarted from vcl_hit: the stale copy is too old to serve with a healthy backend.
        set req.hash_always_miss = true;
    }
    # The Cookie header is kept (not hashed): ESI fragments get the reader's cookies.
    return (hash);
}

sub vcl_hit {
    if (obj.ttl >= 0s) {
        return (deliver);
    }
    # Stale. Served while Varnish fetches a fresh copy in the background for as long as the
    # page's stale-while-revalidate allows; past that only while the backend is sick (the
    # page's stale-if-error, which set the object's grace).
    if (!std.healthy(req.backend_hint) ||
        obj.ttl + std.duration(obj.http.X-Stale-While-Revalidate + "s", 0s) >= 0s) {
        return (deliver);
    }
    if (req.restarts == 0) {
        set req.http.X-Fresh-Fetch = "1";
        return (restart);
    }
    return (deliver);
}

sub vcl_backend_fetch {
    # A page for the cache is fetched as an anonymous reader would get it, whatever the
    # first reader's cookies: nothing personal can end up in a shared copy.
    if (!bereq.uncacheable) {
        unset bereq.http.Cookie;
    }
    unset bereq.http.X-Fresh-Fetch;
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        unset beresp.http.Surrogate-Control;
        set beresp.do_esi = true;
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    # A background refresh that fails keeps the stale copy (stale-if-error).
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Static files and media: stored for as long as they say (their names carry a hash).
    if (beresp.http.Cache-Control ~ "public" && beresp.http.Cache-Control ~ "immutable") {
        return (deliver);
    }
    # Django marks the pages every anonymous reader shares with s-maxage (they are purged
    # by key when they change). Nothing else is stored: not private pages, and not a 404
    # without keys, which no purge would ever reach once the page exists.
    if (beresp.http.Cache-Control !~ "s-maxage=") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # The shared page does not vary by cookie here: vcl_recv sent every reader with cookies
    # of their own to Django, and the fetch carried none.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*Cookie\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        if (beresp.http.Vary !~ "\S") {
            unset beresp.http.Vary;
        }
    }
    # Varnish reads s-maxage into the TTL itself. Grace is the longer of the two stale
    # windows; vcl_hit serves past stale-while-revalidate only while the backend is sick.
    set beresp.http.X-Stale-While-Revalidate = regsub(beresp.http.Cache-Control,
        "^.*stale-while-revalidate=(\d+).*$", "\1");
    if (beresp.http.X-Stale-While-Revalidate !~ "^\d+$") {
        set beresp.http.X-Stale-While-Revalidate = "0";
    }
    set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
        "^.*stale-if-error=(\d+).*$", "\1") + "s",
        std.duration(beresp.http.X-Stale-While-Revalidate + "s", 0s));
    return (deliver);
}

sub vcl_deliver {
    # For operators and tests: whether Varnish had the page (Age says how old it is).
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The dependency keys are for caches, not readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.X-Stale-While-Revalidate;
    # The shared-cache lifetime is ours to keep: we are purged, a browser or a proxy
    # further on is not, so they revalidate every time.
    if (resp.http.Cache-Control ~ "s-maxage=") {
        set resp.http.Cache-Control = "no-cache";
        set resp.http.Vary = "Cookie";
    }
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.X-Purged = req.http.X-Purged;
    }
}
