#!/usr/bin/env python3
"""The module graph of src/ and its cycles; exits 1 when there is one (run by .ci/run).

usage: python3 scripts/module-cycles.py src [--edges]

An edge A -> B is A naming an item through the module path of B (a `use` or a path in code;
comments and strings are skipped; code in an inline `mod tests` counts, and is marked).
src/main.rs is the binary root: its modules (cli/) are counted as if under the library root,
which they do not import from but through `ratsvorlage::`."""
import os, re, sys, collections
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
src_dir = sys.argv[1]
mods = {}  # module path tuple -> file
for dp, dn, fn in os.walk(src_dir):
    for f in fn:
        if not f.endswith('.rs'): continue
        rel = os.path.relpath(os.path.join(dp, f), src_dir)[:-3].split(os.sep)
        if rel == ['lib']: key = ()
        elif rel == ['main']: continue
        elif rel[-1] == 'mod': key = tuple(rel[:-1])
        else: key = tuple(rel)
        mods[key] = os.path.join(dp, f)

def strip(src):
    # a small lexer: comments, strings (raw too) and char literals out, code kept
    out = []; i = 0; n = len(src)
    while i < n:
        c = src[i]
        if src.startswith('//', i):
            j = src.find('\n', i); i = n if j < 0 else j; continue
        if src.startswith('/*', i):
            depth = 0
            while i < n:
                if src.startswith('/*', i): depth += 1; i += 2
                elif src.startswith('*/', i):
                    depth -= 1; i += 2
                    if depth == 0: break
                else: i += 1
            continue
        m = re.match(r'b?r(#*)"', src[i:i+300]) if c in 'br' and (i == 0 or not (src[i-1].isalnum() or src[i-1] == '_')) else None
        if m:
            end = '"' + m.group(1); j = src.find(end, i + m.end()); i = n if j < 0 else j + len(end); out.append('""'); continue
        if c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == '\\' else 1
            i = j + 1; out.append('""'); continue
        if c == "'":
            m = re.match(r"'(\\.[^']*|[^'\\])'", src[i:i+12])
            if m: i += m.end(); out.append("' '"); continue
        out.append(c); i += 1
    return ''.join(out)

def expand(tree):
    # expand use tree string like crate::{a, b::{c, d}} into paths
    tree = re.sub(r'\s+as\s+[A-Za-z_][A-Za-z0-9_]*', '', tree)
    tree = tree.replace(' ', '').replace('\n', '')
    def rec(prefix, s):
        out = []
        i = s.find('{')
        if i < 0:
            for part in s.split(','):
                if part: out.append(prefix + part)
            return out
        # split top-level commas
        depth = 0; cur = ''; parts = []
        for ch in s:
            if ch == '{': depth += 1
            if ch == '}': depth -= 1
            if ch == ',' and depth == 0: parts.append(cur); cur = ''
            else: cur += ch
        parts.append(cur)
        for p in parts:
            j = p.find('{')
            if j < 0: out.append(prefix + p)
            else: out += rec(prefix + p[:j], p[j+1:p.rfind('}')])
        return out
    return rec('', tree)

def resolve(cur, path):
    segs = [s for s in path.split('::') if s]
    if not segs: return None
    if segs[0] == 'crate': base = (); segs = segs[1:]
    elif segs[0] == 'self': base = cur; segs = segs[1:]
    elif segs[0] == 'super':
        base = cur
        while segs and segs[0] == 'super': base = base[:-1]; segs = segs[1:]
    else:
        # relative to current module (child modules) 
        if cur + (segs[0],) in mods: base = cur
        else: return None
    m = base
    for s in segs:
        if m + (s,) in mods: m = m + (s,)
        else: break
    return m

edges = collections.defaultdict(set)
test_edges = {}
for key, f in mods.items():
    whole = strip(open(f, encoding='utf-8').read())
    # inline modules (`mod tests { ... }`): their `super` is this file's module
    segs = []
    def split(text, ctx):
        out = ''; i = 0
        while True:
            m = re.search(r'\bmod\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{', text[i:])
            if not m:
                out += text[i:]; break
            s = i + m.start(); b = i + m.end() - 1
            out += text[i:s]
            depth = 0; j = b
            while j < len(text):
                if text[j] == '{': depth += 1
                elif text[j] == '}':
                    depth -= 1
                    if depth == 0: break
                j += 1
            split(text[b+1:j], ctx + (m.group(1),))
            i = j + 1
        segs.append((ctx, out))
    split(whole, key)
    paths = []
    for ctx, src in segs:
      for m in re.finditer(r'\buse\s+([^;]+);', src):
        paths += [(ctx, p) for p in expand(m.group(1))]
      for m in re.finditer(r'\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)', src):
        paths.append((ctx, m.group(1) + m.group(2)))
      for m in re.finditer(r'(?<![:\w])([a-z_][a-z0-9_]*)((?:::[A-Za-z_][A-Za-z0-9_]*)+)', src):
        if ctx + (m.group(1),) in mods: paths.append((ctx, 'self::' + m.group(1) + m.group(2)))
    for ctx, p in paths:
        t = resolve(ctx, p)
        if t is None or t == key or t not in mods: continue
        if 'tests' in ctx[len(key):] or key[-1:] == ('tests',): test_edges[(key, t)] = test_edges.get((key, t), True)
        else: test_edges[(key, t)] = False
        # a module's own descendants that it only declares don't count; uses do
        edges[key].add(t)

# Tarjan
index = {}; low = {}; st = []; on = set(); sccs = []; c = [0]
sys.setrecursionlimit(10000)
def sc(v):
    index[v] = low[v] = c[0]; c[0] += 1; st.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in index: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = st.pop(); on.discard(w); comp.append(w)
            if w == v: break
        sccs.append(comp)
for v in mods:
    if v not in index: sc(v)
name = lambda k: '::'.join(('crate',) + k)
cyc = [s for s in sccs if len(s) > 1]
if '--edges' in sys.argv:
    for k in sorted(edges):
        print(name(k), '->', ', '.join(sorted(name(t) for t in edges[k])))
print(f'{len(mods)} modules, {sum(len(v) for v in edges.values())} edges, {len(cyc)} cycles')
for s in cyc:
    print('cycle:', ' '.join(sorted(name(k) for k in s)))
    for a in s:
        for b in edges[a]:
            if b in s: print('   ', name(a), '->', name(b), '(test code only)' if test_edges.get((a, b)) else '')
# top-level granularity (stages and support modules as wholes)
top = collections.defaultdict(set)
for a, bs in edges.items():
    for b in bs:
        if a[:1] != b[:1] and a and b: top[a[:1]].add(b[:1])
index.clear(); low.clear(); st.clear(); on.clear(); sccs.clear(); c[0] = 0
edges_backup = edges; edges = top
for v in {k[:1] for k in mods if k}:
    if v not in index: sc(v)
tc = [s for s in sccs if len(s) > 1]
print(f'top level: {len(tc)} cycles')
for s in tc:
    print('top cycle:', ' '.join(sorted(name(k) for k in s)))
    for a in s:
        for b in top[a]:
            if b in s:
                why = [f'{name(x)}->{name(y)}' for x, ys in edges_backup.items() if x[:1] == a for y in ys if y[:1] == b]
                print('   ', name(a), '->', name(b), ':', ', '.join(why))
sys.exit(1 if cyc or tc else 0)
