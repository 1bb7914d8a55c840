// The prefix tree: aggregate → container → subnet, each row with a utilisation bar.
// A level is loaded when first expanded (never the whole tree at once); big levels come
// 500 rows at a time with a "more" row.
import { Button, Icon, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import type { TreeNode } from '../../../shared/ipam-types';
import { ROOT, type Level } from '../../stores/ipam-store';
import { ipamStore, useIpam } from './ipam-instance';
import { ChoiceTag, UsageBar } from './ui';
import { PREFIX_STATUSES, SECURITY_ZONES } from '../../../shared/ipam-choices';

export function PrefixTreePanel() {
  const root = useIpam((s) => s.levels[ROOT]);
  return (
    <div className="noc-ipam-tree" role="tree" aria-label="Prefixes" data-testid="ipam-tree">
      {!root || (root.loading && root.nodes.length === 0) ? <div className="noc-center"><Spinner size={24} /></div> : null}
      {root?.error && <NonIdealState icon="error" description={root.error} />}
      {root && !root.loading && root.nodes.length === 0 && !root.error && (
        <NonIdealState icon="ip-address" title="No prefixes yet" description="Add your first block (e.g. your ARIN allocation) with “Add prefix”, or import a NetBox CSV." />
      )}
      {root && <LevelRows level={root} parentId={null} depth={0} />}
    </div>
  );
}

function LevelRows({ level, parentId, depth }: { level: Level; parentId: string | null; depth: number }) {
  return (
    <>
      {level.nodes.map((n) => <TreeRow key={n.prefix.id} node={n} depth={depth} />)}
      {level.nodes.length < level.total && (
        <div className="noc-ipam-tree-more" style={{ paddingLeft: 8 + depth * 16 }}>
          <Button size="small" variant="minimal" icon="more" loading={level.loading} text={`${level.total - level.nodes.length} more…`}
            onClick={() => void ipamStore.getState().loadLevel(parentId, true)} data-testid="ipam-tree-more" />
        </div>
      )}
    </>
  );
}

function TreeRow({ node, depth }: { node: TreeNode; depth: number }) {
  const p = node.prefix;
  const open = useIpam((s) => Boolean(s.expanded[p.id]));
  const level = useIpam((s) => s.levels[p.id]);
  const selected = useIpam((s) => s.selected?.id === p.id);
  const hasChildren = node.childCount > 0;
  const toggle = () => void ipamStore.getState().toggle(node);
  return (
    <>
      <div
        role="treeitem"
        aria-expanded={hasChildren ? open : undefined}
        aria-selected={selected}
        tabIndex={0}
        className={`noc-ipam-node${selected ? ' noc-ipam-node-selected' : ''}`}
        style={{ paddingLeft: 4 + depth * 16 }}
        data-testid="ipam-node"
        data-prefix={p.prefix}
        data-children={node.childCount}
        onClick={() => void ipamStore.getState().select(p)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void ipamStore.getState().select(p);
          if ((e.key === 'ArrowRight' && !open) || (e.key === 'ArrowLeft' && open)) { e.preventDefault(); if (hasChildren) toggle(); }
        }}
      >
        <span
          className="noc-ipam-caret"
          data-testid="ipam-node-toggle"
          onClick={(e) => { e.stopPropagation(); if (hasChildren) toggle(); }}
        >
          {hasChildren ? <Icon icon={open ? 'caret-down' : 'caret-right'} size={14} /> : null}
        </span>
        <span className="noc-ipam-node-text">
          <span className="noc-mono noc-ipam-prefix">{p.prefix}</span>
          {p.vrf && <Tag minimal className="noc-ipam-vrf">{p.vrf}</Tag>}
          {p.status !== 'active' && <ChoiceTag table={PREFIX_STATUSES} value={p.status} />}
          {p.zone !== 'public' && <ChoiceTag table={SECURITY_ZONES} value={p.zone} minimal />}
          {p.customerId && <Tag minimal icon="person" className="noc-ipam-cust">{p.customerId}</Tag>}
          <span className="noc-muted noc-ipam-desc">{p.description}{node.vlanLabel ? ` · VLAN ${node.vlanLabel}` : ''}</span>
          {p.demo && <span className="noc-demo-mark">demo</span>}
        </span>
        <UsageBar usage={node.usage} />
      </div>
      {open && level && (
        <>
          {level.loading && level.nodes.length === 0 && <div style={{ paddingLeft: 24 + depth * 16 }} className="noc-ipam-loading"><Spinner size={14} /></div>}
          {level.error && <div className="noc-danger" style={{ paddingLeft: 24 + depth * 16 }}>{level.error}</div>}
          <LevelRows level={level} parentId={p.id} depth={depth + 1} />
        </>
      )}
    </>
  );
}
