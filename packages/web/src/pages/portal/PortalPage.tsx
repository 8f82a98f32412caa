export default function PortalPage() {
  return <div>市民服务</div>;
}
