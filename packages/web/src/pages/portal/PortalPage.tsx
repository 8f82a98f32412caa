import { FileSearchOutlined, FormOutlined } from '@ant-design/icons';
import { Link, Route, Routes } from 'react-router';
import SubmitRequest from './SubmitRequest.tsx';
import TrackRequest from './TrackRequest.tsx';
import './portal.css';

/** 市民门户: public and mobile-first; nothing here loads the staff workbenches. */
export default function PortalPage() {
  return (
    <div className="portal">
      <header className="portal__header">
        <Link to="/portal" className="portal__brand">
          <span className="portal__logo">办</span>
          <span>
            <strong>12345 市民服务</strong>
            <small>接诉即办 · 有诉必应</small>
          </span>
        </Link>
      </header>
      <main className="portal__main">
        <Routes>
          <Route index element={<PortalHome />} />
          <Route path="submit" element={<SubmitRequest />} />
          <Route path="track" element={<TrackRequest />} />
        </Routes>
      </main>
      <footer className="portal__footer">遇到紧急情况请拨打 110、119、120 · 非紧急诉求请拨打 12345</footer>
    </div>
  );
}

function PortalHome() {
  return (
    <div className="portal__home">
      <Link to="/portal/submit" className="portal__action">
        <FormOutlined />
        <span>
          <strong>我要反映</strong>
          <small>咨询、求助、投诉、举报、建议，可附照片和位置</small>
        </span>
      </Link>
      <Link to="/portal/track" className="portal__action">
        <FileSearchOutlined />
        <span>
          <strong>查询进度</strong>
          <small>凭工单编号和手机号查看办理进度并评价</small>
        </span>
      </Link>
    </div>
  );
}
